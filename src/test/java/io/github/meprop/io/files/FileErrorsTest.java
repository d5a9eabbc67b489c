package io.github.meprop.io.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;

class FileErrorsTest {

    @Test
    void theJdksExceptionsBecomePlainReasons() {
        assertEquals("m.st: no such file", FileErrors.describe(new NoSuchFileException("m.st")));
        assertEquals("m.st: permission denied", FileErrors.describe(new AccessDeniedException("m.st")));
        assertEquals("d: is a directory", FileErrors.describe(new FileSystemException("d", null, "Is a directory")));
        assertEquals("a/b: not a directory", FileErrors.describe(new NotDirectoryException("a/b")));
        assertEquals("f: file too large or disk full", FileErrors.describe(new FileSystemException("f", null,
                "No space left on device")));
        assertEquals("f: file too large or disk full", FileErrors.describe(new FileSystemException("f", null,
                "Disk quota exceeded")));
        assertEquals("f: read-only file system", FileErrors.describe(new FileSystemException("f", null,
                "Read-only file system")));
        assertEquals("file too large or disk full", FileErrors.describe(new IOException("File too large")));
        assertEquals("not valid UTF-8 text", FileErrors.describe(new MalformedInputException(1)));
        assertEquals("ends early (truncated)", FileErrors.describe(new EOFException()));
        assertEquals("not valid gzip data (invalid block type)", FileErrors.describe(new ZipException("invalid block type")));
        assertEquals("is a directory", FileErrors.describe(new FileNotFoundException("x (Is a directory)")));
        assertEquals("something else", FileErrors.describe(new IOException("something else")));
    }

    @Test
    void namingReplacesTheFileAndKeepsTheKind() {
        Path target = Path.of("out/model.safetensors");
        IOException temp = new AccessDeniedException("out/.model.safetensors.tmp-1-2");
        IOException named = FileErrors.naming(target, temp);
        assertInstanceOf(AccessDeniedException.class, named);
        assertEquals("out/model.safetensors: permission denied", named.getMessage());
        assertSame(temp, named.getCause());

        named = FileErrors.naming(target, new NoSuchFileException("out/.model.safetensors.tmp-1-2"));
        assertInstanceOf(NoSuchFileException.class, named);
        assertEquals("out/model.safetensors: no such file", named.getMessage());

        named = FileErrors.naming(target, new IOException("File too large"));
        assertInstanceOf(FileSystemException.class, named);
        assertEquals("out/model.safetensors: file too large or disk full", named.getMessage());
    }
}
