package org.daadaar.runner.tasks.migrations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A drizzle-kit migrations folder in the shapes drizzle-kit generate writes for PostgreSQL: enums
 * in DO $$ ... EXCEPTION WHEN duplicate_object blocks, foreign keys added in DO blocks, btree
 * indexes, breakpoints on their own line and after a statement on the same line, a file with CRLF
 * line endings (a Windows checkout; drizzle hashes it with LF), and a .sql file the journal does
 * not list, which would drop a table if it ever ran.
 */
final class DrizzleFolder {
    static final String INIT =
            """
            DO $$ BEGIN
             CREATE TYPE "public"."role" AS ENUM('admin', 'member');
            EXCEPTION
             WHEN duplicate_object THEN null;
            END $$;
            --> statement-breakpoint
            CREATE TABLE IF NOT EXISTS "users" (
            	"id" serial PRIMARY KEY NOT NULL,
            	"email" text NOT NULL,
            	"role" "role" DEFAULT 'member' NOT NULL,
            	"created_at" timestamp DEFAULT now() NOT NULL,
            	CONSTRAINT "users_email_unique" UNIQUE("email")
            );
            """;
    static final String POSTS =
            """
            CREATE TABLE IF NOT EXISTS "posts" (
            	"id" serial PRIMARY KEY NOT NULL,
            	"author_id" integer NOT NULL,
            	"title" varchar(256) NOT NULL,
            	"body" text
            );
            --> statement-breakpoint
            DO $$ BEGIN
             ALTER TABLE "posts" ADD CONSTRAINT "posts_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
            EXCEPTION
             WHEN duplicate_object THEN null;
            END $$;
            --> statement-breakpoint
            CREATE INDEX IF NOT EXISTS "posts_author_idx" ON "posts" USING btree ("author_id");
            """;
    static final String STATUS = "CREATE TYPE \"public\".\"post_status\" AS ENUM('draft', 'published');"
            + "--> statement-breakpoint\r\n"
            + "ALTER TABLE \"posts\" ADD COLUMN \"status\" \"post_status\" DEFAULT 'draft' NOT NULL;"
            + "--> statement-breakpoint\r\n"
            + "CREATE UNIQUE INDEX IF NOT EXISTS \"posts_author_title_idx\" ON \"posts\" USING btree"
            + " (\"author_id\",\"title\");\r\n";
    static final String DATA =
            """
            INSERT INTO "users" ("email", "role") VALUES ('admin@example.com', 'admin');--> statement-breakpoint
            UPDATE "posts" SET "status" = 'published' WHERE "body" IS NOT NULL;
            """;
    static final String NOT_IN_JOURNAL = "DROP TABLE \"users\" CASCADE;\n";

    static final List<String> TAGS = List.of("0000_init_users", "0001_posts_fk", "0002_status_crlf", "0003_admin_row");
    static final long FIRST_WHEN = 1_717_000_000_000L;

    private final Path dir;
    private final List<String> tags = new ArrayList<>();

    private DrizzleFolder(Path dir) {
        this.dir = dir;
    }

    /** The four migrations, the journal listing them, and the unlisted draft. */
    static DrizzleFolder write(Path dir) {
        DrizzleFolder folder = new DrizzleFolder(dir);
        List<String> bodies = List.of(INIT, POSTS, STATUS, DATA);
        for (int i = 0; i < bodies.size(); i++) {
            folder.add(TAGS.get(i), bodies.get(i));
        }
        folder.file("0004_draft_drop.sql", NOT_IN_JOURNAL);
        return folder;
    }

    DrizzleFolder add(String tag, String sql) {
        file(tag + ".sql", sql);
        tags.add(tag);
        return journal("postgresql");
    }

    /** The journal as drizzle-kit writes it: version 7, one entry a migration, when in epoch milliseconds. */
    DrizzleFolder journal(String dialect) {
        StringBuilder entries = new StringBuilder();
        for (int i = 0; i < tags.size(); i++) {
            entries.append(i == 0 ? "" : ",\n")
                    .append("    {\n      \"idx\": ")
                    .append(i)
                    .append(",\n      \"version\": \"7\",\n      \"when\": ")
                    .append(when(i))
                    .append(",\n      \"tag\": \"")
                    .append(tags.get(i))
                    .append("\",\n      \"breakpoints\": true\n    }");
        }
        return file(
                "meta/_journal.json",
                "{\n  \"version\": \"7\",\n  \"dialect\": \"" + dialect + "\",\n  \"entries\": [\n" + entries
                        + "\n  ]\n}");
    }

    static long when(int idx) {
        return FIRST_WHEN + idx * 86_400_000L;
    }

    DrizzleFolder file(String name, String content) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path dir() {
        return dir;
    }

    String location() {
        return "drizzle:" + dir;
    }
}
