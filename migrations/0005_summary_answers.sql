CREATE TABLE `summary_answers` (
	`group_by` text NOT NULL,
	`rollup` text NOT NULL,
	`answer` text NOT NULL,
	PRIMARY KEY(`group_by`, `rollup`)
);
