package io.github.meprop.io.files;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.ZipException;

/**
 * Turns the JDK's I/O exceptions into one line that names the file the user asked for and the
 * reason in plain words: {@code PATH: no such file}, {@code is a directory}, {@code permission
 * denied}, {@code file too large or disk full}, {@code not valid UTF-8 text}, ...
 *
 * <p>Why: the JDK reports many failures without the reason ({@code NoSuchFileException} and
 * {@code AccessDeniedException} carry only a path), some without any file ({@code File too large}
 * from a write), and writers through a temporary file report the temporary file rather than the
 * target. Internal: this package is not exported by the module.
 */
public final class FileErrors {
    private FileErrors() {}

    /**
     * {@code e} as an exception whose message is {@code "TARGET: reason"}; a {@link NoSuchFileException}
     * or {@link AccessDeniedException} stays one, everything else becomes a
     * {@link FileSystemException}. The original is the cause.
     */
    public static IOException naming(Path target, IOException e) {
        String file = target.toString();
        String reason = reason(e);
        FileSystemException named = switch (e) {
            case NoSuchFileException x -> new NoSuchFileException(file, null, reason);
            case AccessDeniedException x -> new AccessDeniedException(file, null, reason);
            default -> new FileSystemException(file, null, reason);
        };
        named.initCause(e);
        return named;
    }

    /**
     * One line for any I/O failure: {@code "PATH: reason"} when the exception names a file (and
     * the message as it is when it already starts with that file), else the reason alone.
     */
    public static String describe(IOException e) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            return f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": " + reason(e);
        }
        return reason(e);
    }

    /** The reason of {@code e} in plain words, without a file name. */
    public static String reason(IOException e) {
        switch (e) {
            case NoSuchFileException x -> {
                return x.getReason() != null ? x.getReason() : "no such file";
            }
            case AccessDeniedException x -> {
                return x.getReason() != null ? x.getReason() : "permission denied";
            }
            case NotDirectoryException x -> {
                return "not a directory";
            }
            case FileAlreadyExistsException x -> {
                return "already exists";
            }
            case EOFException x -> {
                return "ends early (truncated)" + detail(x.getMessage());
            }
            case CharacterCodingException x -> {
                return "not valid UTF-8 text";
            }
            case ZipException x -> {
                return "not valid gzip data" + detail(x.getMessage());
            }
            case FileSystemException x -> {
                return plain(x.getReason() != null ? x.getReason() : x.getClass().getSimpleName());
            }
            case FileNotFoundException x -> {
                // "PATH (No such file or directory)": the path is already in the message.
                return plain(inParentheses(x.getMessage()));
            }
            default -> {
                return plain(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
            }
        }
    }

    /** Maps the operating system's wording (strerror) to the words used everywhere here; other text is kept. */
    private static String plain(String osReason) {
        return switch (osReason.strip().toLowerCase(Locale.ROOT)) {
            case "file too large", "no space left on device", "disk quota exceeded" -> "file too large or disk full";
            case "is a directory" -> "is a directory";
            case "not a directory" -> "not a directory";
            case "no such file or directory" -> "no such file";
            case "permission denied", "operation not permitted" -> "permission denied";
            case "read-only file system" -> "read-only file system";
            default -> osReason;
        };
    }

    private static String inParentheses(String message) {
        if (message == null) {
            return "cannot open";
        }
        int open = message.lastIndexOf(" (");
        return open >= 0 && message.endsWith(")") ? message.substring(open + 2, message.length() - 1) : message;
    }

    private static String detail(String message) {
        return message == null || message.isBlank() ? "" : " (" + message + ")";
    }
}
