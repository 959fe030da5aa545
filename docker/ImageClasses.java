import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Readies the image jar's class files for the start-up cache, in place: run in the image's build
 * stage before the cache is made, as {@code java ImageClasses.java runner.jar} (JDK 24+, for
 * java.lang.classfile). Two things, each checked by the class-file API's verifier before a class
 * is written back:
 *
 * <ul>
 *   <li>A class file older than Java 6 gets stack maps and class-file version 50. The AOT cache of
 *       JDK 24+ cannot hold a class that the old, type-inferring verifier links ("Skipping
 *       picocli/CommandLine: Old class has been linked" when the cache is made), and picocli's are
 *       Java 5 class files: every start loaded, parsed and verified all of picocli from the jar,
 *       about 50 ms of a --version that took 200. 50 is the first version whose classes carry stack
 *       maps; nothing else changes meaning from 49 to 50, and the instructions are the same,
 *       re-emitted with the frames the API computes from the jar's and the runtime's classes. The
 *       build fails if one cannot be upgraded.
 *   <li>Every class drops its local variable tables, which only a debugger reads, and the classes
 *       of the libraries that nobody here debugs drop their line number tables too (a stack trace
 *       through them says "Unknown Source" for the line): the jar and the cache are smaller, room
 *       in the image's 80 MB (the line numbers were 0.58 MB of the jar). Ours, pgjdbc's, Flyway's
 *       and HikariCP's keep them, being where a failure's stack trace is read. A class the
 *       verifier would not pass afterwards is left as it was.
 * </ul>
 *
 * Then the jar is written again with the deflater's best compression (the shade plugin and the
 * zip file system use its default): 0.17 MB less. The same entries in the same order, with their
 * times to the zip format's two seconds; extra fields and comments, which nothing here reads, go.
 */
public class ImageClasses {
    private static final int FIRST_WITH_STACK_MAPS = 50;
    private static final List<String> KEEP_LINE_NUMBERS =
            List.of("org/daadaar/", "org/postgresql/", "org/flywaydb/", "com/zaxxer/");

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int upgraded = 0;
        int stripped = 0;
        int kept = 0;
        int lineless = 0;
        try (FileSystem zip = FileSystems.newFileSystem(jar);
                URLClassLoader classes = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            ClassFile classFile = ClassFile.of(
                    ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.ofResourceParsing(classes)
                            .orElse(ClassHierarchyResolver.defaultResolver())),
                    ClassFile.DebugElementsOption.DROP_DEBUG);
            ClassFile withoutLines = classFile.withOptions(ClassFile.LineNumbersOption.DROP_LINE_NUMBERS);
            List<Path> files;
            try (Stream<Path> walk = Files.walk(zip.getPath("/"))) {
                files = walk.filter(p -> p.toString().endsWith(".class")).toList();
            }
            for (Path file : files) {
                byte[] bytes = Files.readAllBytes(file);
                ClassModel model = classFile.parse(bytes);
                String name = model.thisClass().asInternalName();
                // The option takes effect when a class is parsed: its code then has no line numbers.
                ClassFile rewriter =
                        KEEP_LINE_NUMBERS.stream().anyMatch(name::startsWith) ? classFile : withoutLines;
                boolean old = model.majorVersion() < FIRST_WITH_STACK_MAPS;
                // Rebuilding each method's code drops the tables and, for an old class, makes the
                // API compute its frames.
                ClassTransform transform = ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL);
                if (old) {
                    transform = transform.andThen((builder, element) -> {
                        if (element instanceof ClassFileVersion) {
                            builder.withVersion(FIRST_WITH_STACK_MAPS, 0);
                        } else {
                            builder.with(element);
                        }
                    });
                }
                byte[] rewritten;
                try {
                    rewritten = rewriter.transformClass(rewriter.parse(bytes), transform);
                } catch (IllegalArgumentException | IllegalStateException e) {
                    rewritten = null; // frames that need a class neither the jar nor the runtime has
                }
                if (rewritten == null || !classFile.verify(rewritten).isEmpty()) {
                    if (old) {
                        throw new IllegalStateException(file + " could not be given stack maps");
                    }
                    kept++;
                    continue;
                }
                Files.write(file, rewritten);
                if (rewriter != classFile) {
                    lineless++;
                }
                if (old) {
                    upgraded++;
                } else {
                    stripped++;
                }
            }
        }
        recompress(jar);
        System.out.println(jar + ": " + upgraded + " old class files given stack maps, " + stripped
                + " without local variable tables (" + lineless + " of them without line numbers too), " + kept
                + " left as they were");
    }

    private static void recompress(Path jar) throws IOException {
        Path packed = jar.resolveSibling(jar.getFileName() + ".packed");
        try (ZipFile in = new ZipFile(jar.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(packed))) {
            out.setLevel(Deflater.BEST_COMPRESSION);
            for (ZipEntry entry : Collections.list(in.entries())) {
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                try (InputStream data = in.getInputStream(entry)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
        }
        Files.move(packed, jar, StandardCopyOption.REPLACE_EXISTING);
    }
}
