CREATE TABLE `indicator_counts` (
	`filter` text NOT NULL,
	`value` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`filter`, `value`)
);
--> statement-breakpoint
CREATE INDEX `indicators_province_idx` ON `indicators` (`province_code`,`id`);--> statement-breakpoint
CREATE INDEX `indicators_prefecture_idx` ON `indicators` (`prefecture_code`,`id`);--> statement-breakpoint
CREATE INDEX `indicators_province_date_idx` ON `indicators` (`province_code`,`date`,`id`);--> statement-breakpoint
CREATE INDEX `indicators_prefecture_date_idx` ON `indicators` (`prefecture_code`,`date`,`id`);--> statement-breakpoint
CREATE INDEX `indicators_region_date_idx` ON `indicators` (`region_code`,`date`,`id`);--> statement-breakpoint
CREATE INDEX `indicators_metric_date_idx` ON `indicators` (`metric_code`,`date`,`id`);