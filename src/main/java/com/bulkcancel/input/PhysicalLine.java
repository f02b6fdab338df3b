package com.bulkcancel.input;

/**
 * One physical line of the file. bytes = exactly as in the file, terminator (LF or CRLF) and a leading BOM included;
 * text = the content without BOM and terminator, decoded (with replacement characters if decodable is false);
 * terminator = "\n", "\r\n", "\r" (last line ending in a bare CR) or "" (last line without terminator);
 * tooLong = the line ran past {@link PhysicalLineReader#MAX_LINE_BYTES}: bytes and text hold only its start.
 */
record PhysicalLine(byte[] bytes, String text, String terminator, boolean decodable, boolean tooLong) {

    boolean blank() {
        return text.isBlank();
    }
}
