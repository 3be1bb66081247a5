CREATE TABLE `dimension_values` (
	`dimension` text NOT NULL,
	`value` text NOT NULL,
	`label` text NOT NULL,
	`total` integer DEFAULT false NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`dimension`, `value`),
	FOREIGN KEY (`dimension`) REFERENCES `dimensions`(`name`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `dimensions` (
	`name` text PRIMARY KEY NOT NULL,
	`label` text NOT NULL,
	`description` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `indicator_dimensions` (
	`indicator_id` text NOT NULL,
	`dimension` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`indicator_id`, `dimension`),
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`dimension`,`value`) REFERENCES `dimension_values`(`dimension`,`value`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `indicator_dimensions_value_idx` ON `indicator_dimensions` (`dimension`,`value`,`indicator_id`);--> statement-breakpoint
CREATE TABLE `metric_dimension_values` (
	`metric_code` text NOT NULL,
	`dimension` text NOT NULL,
	`value` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`metric_code`, `dimension`, `value`),
	FOREIGN KEY (`metric_code`) REFERENCES `metrics`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`dimension`,`value`) REFERENCES `dimension_values`(`dimension`,`value`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `metric_dimensions` (
	`metric_code` text NOT NULL,
	`dimension` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`metric_code`, `dimension`),
	FOREIGN KEY (`metric_code`) REFERENCES `metrics`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`dimension`) REFERENCES `dimensions`(`name`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `metric_dimensions_dimension_idx` ON `metric_dimensions` (`dimension`,`metric_code`);--> statement-breakpoint
CREATE TABLE `metric_documents` (
	`metric_code` text NOT NULL,
	`document_id` text NOT NULL,
	`indicator_count` integer NOT NULL,
	PRIMARY KEY(`metric_code`, `document_id`),
	FOREIGN KEY (`metric_code`) REFERENCES `metrics`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `metric_regions` (
	`metric_code` text NOT NULL,
	`region_code` text NOT NULL,
	`indicator_count` integer NOT NULL,
	PRIMARY KEY(`metric_code`, `region_code`),
	FOREIGN KEY (`metric_code`) REFERENCES `metrics`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `documents` ADD `provenance` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `indicators` ADD `dimensions` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `indicators` ADD `phase_id` text REFERENCES events(id);--> statement-breakpoint
ALTER TABLE `indicators` ADD `value_basis` text DEFAULT 'stated' NOT NULL;--> statement-breakpoint
ALTER TABLE `indicators` ADD `value_note` text;--> statement-breakpoint
ALTER TABLE `indicators` ADD `date_basis` text DEFAULT 'stated' NOT NULL;--> statement-breakpoint
ALTER TABLE `indicators` ADD `date_note` text;--> statement-breakpoint
ALTER TABLE `indicators` ADD `region_basis` text DEFAULT 'stated' NOT NULL;--> statement-breakpoint
ALTER TABLE `indicators` ADD `region_note` text;--> statement-breakpoint
CREATE INDEX `indicators_phase_idx` ON `indicators` (`phase_id`,`id`);--> statement-breakpoint
CREATE INDEX `indicators_inferred_idx` ON `indicators` (`inferred`,`id`);--> statement-breakpoint
ALTER TABLE `metrics` ADD `indicator_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `metrics` ADD `first_date` text;--> statement-breakpoint
ALTER TABLE `metrics` ADD `last_date` text;