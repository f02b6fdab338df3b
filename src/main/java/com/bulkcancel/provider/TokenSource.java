package com.bulkcancel.provider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;

import com.bulkcancel.launch.InvalidInvocationException;

/**
 * Where the token comes from: the file named by {@code frontpayment.token-file} (readable by its owner only),
 * else the environment variable FRONTPAYMENT_TOKEN. Never a command-line argument: that shows in ps and shell
 * history.
 */
public final class TokenSource {

    public static final String VARIABLE = "FRONTPAYMENT_TOKEN";

    private TokenSource() {}

    public static BearerToken read(Map<String, String> environment, Path tokenFile) {
        if (tokenFile != null) {
            return fromFile(tokenFile);
        }
        String value = environment.get(VARIABLE);
        return value == null || value.isBlank() ? BearerToken.none() : new BearerToken(value);
    }

    private static BearerToken fromFile(Path file) {
        return new BearerToken(readOwnerOnly(file, "token file"));
    }

    /**
     * The stripped content of a secret's file (the token, proxy credentials): it must be a readable, non-empty file
     * that only its owner can read.
     *
     * @param what how refusals name the file ("token file")
     */
    static String readOwnerOnly(Path file, String what) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InvalidInvocationException(what + " " + file + " is not a readable file");
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.OTHERS_READ)
                    || permissions.contains(PosixFilePermission.GROUP_READ)) {
                throw new InvalidInvocationException(what + " " + file + " is readable by others: "
                        + "make it readable by its owner only (chmod 600 " + file + ")");
            }
        } catch (UnsupportedOperationException notPosix) {
            // Not a POSIX file system: nothing to check.
        } catch (IOException e) {
            throw new InvalidInvocationException("cannot read " + what + " " + file + ": " + e.getMessage());
        }
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
                throw new InvalidInvocationException(what + " " + file + " is empty");
            }
            return value;
        } catch (IOException e) {
            throw new InvalidInvocationException("cannot read " + what + " " + file + ": " + e.getMessage());
        }
    }
}
