package io.midicrate.serve;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.springframework.scheduling.support.CronExpression;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import io.midicrate.common.OperatorException;

/**
 * Reads and checks the schedules in {@code DIR/*.yml} (format: jobs/README.md). Any mistake is an
 * {@link OperatorException} naming the file and the field, raised before anything starts.
 */
public final class ScheduleFiles {

    private static final Set<String> FIELDS = Set.of("name", "cron", "roots", "analyze", "watch", "options");
    private static final Set<String> OPTIONS = Set.of("retry-failed");

    private ScheduleFiles() {
    }

    /** Whether the folder holds any schedule file ({@link #load} says what is wrong when not). */
    public static boolean present(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.anyMatch(p -> p.getFileName().toString().endsWith(".yml") && Files.isRegularFile(p));
        } catch (IOException e) {
            return false;
        }
    }

    public static List<Schedule> load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new OperatorException("no schedule folder " + dir + " (see jobs/README.md)");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".yml") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new OperatorException("cannot list " + dir + ": " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new OperatorException("no schedules in " + dir + "/*.yml (see jobs/README.md for the format)");
        }
        List<Schedule> schedules = new ArrayList<>();
        Map<String, Path> names = new HashMap<>();
        for (Path file : files) {
            Schedule schedule = parse(file);
            Path other = names.putIfAbsent(schedule.name(), file);
            if (other != null) {
                throw new OperatorException(file + ": field 'name': '" + schedule.name() + "' is also the name of the schedule in " + other);
            }
            schedules.add(schedule);
        }
        return schedules;
    }

    static Schedule parse(Path file) {
        Object document;
        try (Reader reader = Files.newBufferedReader(file)) {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (IOException e) {
            throw new OperatorException(file + ": cannot read: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new OperatorException(file + ": not valid YAML: " + e.getMessage().replace('\n', ' '));
        }
        if (!(document instanceof Map<?, ?> map)) {
            throw new OperatorException(file + ": expected fields name, cron, roots (see jobs/README.md)");
        }
        for (Object key : map.keySet()) {
            if (!FIELDS.contains(String.valueOf(key))) {
                throw new OperatorException(file + ": field '" + key + "': unknown (known: name, cron, roots, analyze, watch, options)");
            }
        }
        String name = text(file, map, "name");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new OperatorException(file + ": field 'name': use letters, digits, '-', '_' or '.', not '" + name + "'");
        }
        boolean watch = bool(file, map, "watch", "watch", false);
        // a schedule that watches may do without a cron; one that does not watch needs one to ever run
        CronExpression cron = watch && map.get("cron") == null ? null : cron(file, text(file, map, "cron"));
        Object rootsValue = map.get("roots");
        if (!(rootsValue instanceof List<?> rootList) || rootList.isEmpty()) {
            throw new OperatorException(file + ": field 'roots': a list of one or more folders is required");
        }
        List<Path> roots = new ArrayList<>();
        for (Object root : rootList) {
            if (!(root instanceof String s) || s.isBlank()) {
                throw new OperatorException(file + ": field 'roots': '" + root + "' is not a folder path");
            }
            Path path = Path.of(s).toAbsolutePath().normalize();
            // a watch-only schedule's missing root is the watcher's one warning line, not a stop: serve goes on
            if (cron != null && !Files.isDirectory(path)) {
                throw new OperatorException(file + ": field 'roots': no such folder: " + path);
            }
            roots.add(path);
        }
        boolean analyze = bool(file, map, "analyze", "analyze", true);
        boolean retryFailed = false;
        Object options = map.get("options");
        if (options != null) {
            if (!(options instanceof Map<?, ?> optionMap)) {
                throw new OperatorException(file + ": field 'options': expected a map such as {retry-failed: true}");
            }
            for (Object key : optionMap.keySet()) {
                if (!OPTIONS.contains(String.valueOf(key))) {
                    throw new OperatorException(file + ": field 'options." + key + "': unknown (known: " + OPTIONS + ")");
                }
            }
            retryFailed = bool(file, optionMap, "retry-failed", "options.retry-failed", false);
        }
        return new Schedule(name, cron, List.copyOf(roots), analyze, retryFailed, watch, file);
    }

    private static CronExpression cron(Path file, String cronText) {
        try {
            return CronExpression.parse(cronText);
        } catch (IllegalArgumentException e) {
            throw new OperatorException(file + ": field 'cron': '" + cronText + "' is not a cron expression with six fields"
                    + " (second minute hour day month weekday): " + e.getMessage());
        }
    }

    private static String text(Path file, Map<?, ?> map, String field) {
        Object value = map.get(field);
        if (value == null || String.valueOf(value).isBlank()) {
            throw new OperatorException(file + ": field '" + field + "': required");
        }
        if (value instanceof Map || value instanceof List) {
            throw new OperatorException(file + ": field '" + field + "': expected text");
        }
        return String.valueOf(value).strip();
    }

    private static boolean bool(Path file, Map<?, ?> map, String key, String field, boolean fallback) {
        Object value = map.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw new OperatorException(file + ": field '" + field + "': expected true or false, not '" + value + "'");
    }
}
