CREATE TABLE `search_entries` (
	`id` integer PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`ref_id` text NOT NULL,
	`label` text NOT NULL,
	`fields` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `search_entries_ref_idx` ON `search_entries` (`type`,`ref_id`);--> statement-breakpoint
ALTER TABLE `documents` ADD `normalized_offsets` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `indicators` ADD `region_level` text DEFAULT 'country' NOT NULL;--> statement-breakpoint
ALTER TABLE `indicators` ADD `province_code` text;--> statement-breakpoint
ALTER TABLE `indicators` ADD `prefecture_code` text;--> statement-breakpoint
ALTER TABLE `indicators` ADD `county_code` text;--> statement-breakpoint
CREATE INDEX `indicators_region_level_idx` ON `indicators` (`region_level`,`id`);--> statement-breakpoint
CREATE INDEX `indicators_metric_province_idx` ON `indicators` (`metric_code`,`province_code`,`prefecture_code`,`county_code`);