package com.bulkcancel.input;

import java.nio.file.Path;

import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

/**
 * Spring Batch reader over a {@link ReservationFile}. Restartable: the base class saves how many records were
 * read under "reservationReader.read.count" and, on restart, skips that many by reading them again.
 */
public class ReservationItemReader extends AbstractItemCountingItemStreamItemReader<InputRecord> {

    private final Path path;
    private final CsvFormat format;
    private ReservationFile file;

    public ReservationItemReader(Path path, CsvFormat format) {
        this.path = path;
        this.format = format;
        setName("reservationReader");
    }

    @Override
    protected void doOpen() {
        file = ReservationFile.open(path, format);
    }

    @Override
    protected InputRecord doRead() {
        return file.next();
    }

    @Override
    protected void doClose() {
        if (file != null) {
            file.close();
            file = null;
        }
    }
}
