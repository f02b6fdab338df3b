package com.bulkcancel;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.RFC4180ParserBuilder;

/** Reads a results file back for assertions: one map per row, keyed by header name. */
public final class ResultsCsv {

    private ResultsCsv() {}

    public static List<Map<String, String>> read(Path file) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVReader csv = new CSVReaderBuilder(in)
                        .withCSVParser(new RFC4180ParserBuilder().build())
                        .build()) {
            List<String[]> rows = csv.readAll();
            String[] header = rows.get(0);
            List<Map<String, String>> result = new ArrayList<>();
            for (String[] row : rows.subList(1, rows.size())) {
                Map<String, String> map = new LinkedHashMap<>();
                for (int i = 0; i < header.length; i++) {
                    map.put(header[i], row[i]);
                }
                result.add(map);
            }
            return result;
        } catch (IOException | com.opencsv.exceptions.CsvException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    public static Map<String, String> line(List<Map<String, String>> rows, long line) {
        return rows.stream()
                .filter(r -> r.get("line").equals(String.valueOf(line)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no results row for line " + line));
    }
}
