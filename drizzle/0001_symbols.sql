CREATE TABLE `symbol_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`path` text NOT NULL,
	`language` text NOT NULL,
	`mtime_ms` real NOT NULL,
	`size` integer NOT NULL,
	`hash` text NOT NULL,
	`lines` integer NOT NULL,
	`symbol_count` integer NOT NULL,
	`parse_errors` integer NOT NULL,
	`refs` text NOT NULL,
	`indexed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `symbol_files_path` ON `symbol_files` (`workspace_id`,`path`);--> statement-breakpoint
CREATE TABLE `symbol_index_state` (
	`workspace_id` text PRIMARY KEY NOT NULL,
	`root` text NOT NULL,
	`last_run_at` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`summary` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `symbols` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`file_id` integer NOT NULL,
	`name` text NOT NULL,
	`name_lc` text NOT NULL,
	`kind` text NOT NULL,
	`line` integer NOT NULL,
	`end_line` integer NOT NULL,
	`parent` text,
	`signature` text NOT NULL,
	FOREIGN KEY (`file_id`) REFERENCES `symbol_files`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `symbols_name` ON `symbols` (`workspace_id`,`name_lc`);--> statement-breakpoint
CREATE INDEX `symbols_file` ON `symbols` (`file_id`);