package org.daadaar.runner.tasks.migrations;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * Shows Flyway each journal entry as the file drizzle-import would write, V(idx+1)__TAG.sql, with
 * the drizzle file's own content. Flyway's SQL resolver then takes version, description,
 * script name and checksum from it exactly as it would from the imported file, so the two
 * sources give the same history and either validates the other's.
 */
final class DrizzleResources implements ResourceProvider {
    private final Map<String, LoadableResource> byName = new LinkedHashMap<>();
    private final List<LoadableResource> resources;

    DrizzleResources(DrizzleJournal journal) {
        journal.entries().forEach(entry -> byName.put(entry.flywayName(), new EntryResource(entry)));
        this.resources = List.copyOf(byName.values());
    }

    @Override
    public LoadableResource getResource(String name) {
        return byName.get(name);
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String... suffixes) {
        return resources.stream()
                .filter(r -> r.getFilename().startsWith(prefix)
                        && Arrays.stream(suffixes).anyMatch(r.getFilename()::endsWith))
                .toList();
    }

    private static final class EntryResource extends LoadableResource {
        private final DrizzleJournal.Entry entry;

        EntryResource(DrizzleJournal.Entry entry) {
            this.entry = requireNonNull(entry, "entry");
        }

        /** As Flyway's FileSystemResource reads a file for the default encoding: UTF-8, malformed input refused. */
        @Override
        public Reader read() {
            try {
                return Channels.newReader(FileChannel.open(entry.file()), StandardCharsets.UTF_8.newDecoder(), -1);
            } catch (IOException e) {
                throw new FlywayException("cannot read " + entry.file() + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String getAbsolutePath() {
            return entry.file().toAbsolutePath().toString();
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return getAbsolutePath();
        }

        @Override
        public String getFilename() {
            return entry.flywayName();
        }

        @Override
        public String getRelativePath() {
            return entry.flywayName();
        }
    }
}
