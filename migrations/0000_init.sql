CREATE TABLE `citations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`document_id` text NOT NULL,
	`quote` text NOT NULL,
	`start_offset` integer NOT NULL,
	`end_offset` integer NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `citations_subject_idx` ON `citations` (`subject_type`,`subject_id`,`document_id`,`start_offset`);--> statement-breakpoint
CREATE INDEX `citations_document_idx` ON `citations` (`document_id`,`start_offset`);--> statement-breakpoint
CREATE TABLE `dataset_info` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `documents` (
	`id` text PRIMARY KEY NOT NULL,
	`file_name` text NOT NULL,
	`sha256` text NOT NULL,
	`title` text NOT NULL,
	`title_original` text,
	`language` text NOT NULL,
	`publisher` text,
	`published_at` text,
	`published_at_precision` text,
	`region_code` text,
	`inferred` integer DEFAULT false NOT NULL,
	`note` text,
	`raw_text` text NOT NULL,
	`normalized_text` text NOT NULL,
	`search_text` text NOT NULL,
	`char_count` integer NOT NULL,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `documents_file_name_unique` ON `documents` (`file_name`);--> statement-breakpoint
CREATE INDEX `documents_language_idx` ON `documents` (`language`,`id`);--> statement-breakpoint
CREATE TABLE `event_organs` (
	`event_id` text NOT NULL,
	`organ_id` text NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`event_id`, `organ_id`, `role`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organ_id`) REFERENCES `organs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `event_organs_organ_idx` ON `event_organs` (`organ_id`,`event_id`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`title_zh` text,
	`kind` text NOT NULL,
	`start_date` text,
	`start_precision` text,
	`end_date` text,
	`end_precision` text,
	`region_code` text NOT NULL,
	`parent_id` text,
	`path` text NOT NULL,
	`description` text,
	`inferred` integer DEFAULT false NOT NULL,
	`note` text,
	`search_text` text NOT NULL,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `events_kind_idx` ON `events` (`kind`,`id`);--> statement-breakpoint
CREATE INDEX `events_region_idx` ON `events` (`region_code`,`id`);--> statement-breakpoint
CREATE INDEX `events_parent_idx` ON `events` (`parent_id`,`id`);--> statement-breakpoint
CREATE INDEX `events_start_idx` ON `events` (`start_date`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `events_path_idx` ON `events` (`path`);--> statement-breakpoint
CREATE TABLE `indicators` (
	`id` text PRIMARY KEY NOT NULL,
	`metric_code` text NOT NULL,
	`category` text NOT NULL,
	`value` real NOT NULL,
	`value_text` text NOT NULL,
	`unit` text NOT NULL,
	`qualifier` text NOT NULL,
	`date` text NOT NULL,
	`date_precision` text NOT NULL,
	`period_start` text,
	`period_start_precision` text,
	`region_code` text NOT NULL,
	`organ_id` text,
	`organ_kind` text,
	`event_id` text,
	`document_id` text NOT NULL,
	`quote` text NOT NULL,
	`start_offset` integer NOT NULL,
	`end_offset` integer NOT NULL,
	`inferred` integer DEFAULT false NOT NULL,
	`note` text,
	`search_text` text NOT NULL,
	FOREIGN KEY (`metric_code`) REFERENCES `metrics`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organ_id`) REFERENCES `organs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `indicators_region_idx` ON `indicators` (`region_code`,`id`);--> statement-breakpoint
CREATE INDEX `indicators_metric_idx` ON `indicators` (`metric_code`,`id`);--> statement-breakpoint
CREATE INDEX `indicators_category_idx` ON `indicators` (`category`,`id`);--> statement-breakpoint
CREATE INDEX `indicators_date_idx` ON `indicators` (`date`,`id`);--> statement-breakpoint
CREATE INDEX `indicators_document_idx` ON `indicators` (`document_id`,`start_offset`);--> statement-breakpoint
CREATE INDEX `indicators_organ_idx` ON `indicators` (`organ_id`,`id`);--> statement-breakpoint
CREATE INDEX `indicators_organ_kind_idx` ON `indicators` (`organ_kind`,`id`);--> statement-breakpoint
CREATE INDEX `indicators_event_idx` ON `indicators` (`event_id`,`id`);--> statement-breakpoint
CREATE INDEX `indicators_value_idx` ON `indicators` (`value`,`id`);--> statement-breakpoint
CREATE TABLE `metrics` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`unit` text NOT NULL,
	`category` text NOT NULL,
	`description` text NOT NULL,
	`search_text` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `metrics_category_idx` ON `metrics` (`category`,`code`);--> statement-breakpoint
CREATE TABLE `organs` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`name_zh` text,
	`kind` text NOT NULL,
	`level` text NOT NULL,
	`region_code` text NOT NULL,
	`parent_id` text,
	`inferred` integer DEFAULT false NOT NULL,
	`note` text,
	`search_text` text NOT NULL,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `organs_kind_idx` ON `organs` (`kind`,`id`);--> statement-breakpoint
CREATE INDEX `organs_level_idx` ON `organs` (`level`,`id`);--> statement-breakpoint
CREATE INDEX `organs_region_idx` ON `organs` (`region_code`,`id`);--> statement-breakpoint
CREATE INDEX `organs_parent_idx` ON `organs` (`parent_id`,`id`);--> statement-breakpoint
CREATE TABLE `regions` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`name_zh` text NOT NULL,
	`name_zh_hant` text NOT NULL,
	`level` text NOT NULL,
	`parent_code` text,
	`path` text NOT NULL,
	`depth` integer NOT NULL,
	`search_text` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `regions_parent_idx` ON `regions` (`parent_code`,`code`);--> statement-breakpoint
CREATE INDEX `regions_level_idx` ON `regions` (`level`,`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `regions_path_idx` ON `regions` (`path`);