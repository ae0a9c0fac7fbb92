package org.psrnn.engine.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.psrnn.engine.EngineException;

/**
 * libpsrnn_cuda.so (cuda/psrnn_cuda.h) through java.lang.foreign: where the library comes from,
 * one downcall handle a function, and every status code turned into an exception carrying the
 * library's message. The C structs are in {@link CudaStructs}, the enumerated codes in {@link CudaCodes}.
 *
 * <p>The library is looked for in the system property {@code psrnn.cuda.library}, then the
 * environment variable {@code PSRNN_CUDA_LIBRARY}, then inside the jar (native/linux-x86_64, put
 * there by native-build/build.sh at build time), which is copied once to a content-addressed file
 * under the user's cache folder. Loading happens once a process; if anything on the way fails,
 * {@link #load()} reports why in words a user can act on.
 *
 * <p>{@code PSRNN_CUDA_EMULATED=1} (or {@code -Dpsrnn.cuda.emulated=true}) takes the jar's
 * libpsrnn_cuda_emu.so instead: the same kernels compiled by g++ against cuda/emu, running on an
 * emulated device on the CPU, a slow correctness instrument for the kernels where no GPU is at
 * hand. The library says which device it runs on ({@link #emulated()}); auto never picks it.
 */
public final class CudaLibrary {
    /** Must equal PSRNN_ABI_VERSION of psrnn_cuda.h. */
    static final int ABI_VERSION = 4;
    static final String RESOURCE = "/native/linux-x86_64/libpsrnn_cuda.so";
    static final String EMULATED_RESOURCE = "/native/linux-x86_64/libpsrnn_cuda_emu.so";
    /** The environment variable and the system property that ask for the emulated device. */
    public static final String EMULATED_ENV = "PSRNN_CUDA_EMULATED", EMULATED_PROPERTY = "psrnn.cuda.emulated";

    /** psrnn_status codes, from {@link CudaCodes#STATUS}. */
    static final int OK = CudaCodes.STATUS.code(CudaCodes.Status.OK),
            ERROR_ARGUMENT = CudaCodes.STATUS.code(CudaCodes.Status.ERROR_ARGUMENT),
            ERROR_NO_DEVICE = CudaCodes.STATUS.code(CudaCodes.Status.ERROR_NO_DEVICE),
            ERROR_OUT_OF_MEMORY = CudaCodes.STATUS.code(CudaCodes.Status.ERROR_OUT_OF_MEMORY),
            ERROR_CUDA = CudaCodes.STATUS.code(CudaCodes.Status.ERROR_CUDA),
            ERROR_UNSUPPORTED = CudaCodes.STATUS.code(CudaCodes.Status.ERROR_UNSUPPORTED);

    /** One CUDA device as the library sees it (emulated: the CPU emulation of cuda/emu, not a GPU). */
    public record Device(int index, String name, long totalMemory, long freeMemory, int ccMajor, int ccMinor,
                         int multiprocessors, boolean hasCode, boolean emulated) {
        /** One line for {@code psrnn devices}. */
        public String describe() {
            if (emulated) {
                return String.format(Locale.ROOT, "device %d: EMULATED, not a GPU: %s, %.1f GiB of host memory as device memory (%.1f free)",
                        index, name, totalMemory / 1073741824.0, freeMemory / 1073741824.0);
            }
            return String.format(Locale.ROOT, "device %d: %s, %.1f GiB (%.1f free), compute capability %d.%d, %d SMs%s",
                    index, name, totalMemory / 1073741824.0, freeMemory / 1073741824.0, ccMajor, ccMinor, multiprocessors,
                    hasCode ? "" : " (no code for it in this library: rebuild with PSRNN_CUDA_ARCHS=" + ccMajor + ccMinor + ")");
        }
    }

    private static final Object LOCK = new Object();
    private static volatile CudaLibrary instance;
    private static volatile String loadFailure;

    final Path path;
    private final MethodHandle lastError, deviceCount, deviceInfo, versions, abi, emulatedHandle;
    private boolean emulated;
    final MethodHandle create, destroy, upload, download, uploadStrong, downloadStrong, setIteration, getIteration;
    final MethodHandle step, forward, gradients, recurrentKernel, requiredMemory;

    private CudaLibrary(Path path, SymbolLookup lookup) {
        this.path = path;
        Linker linker = Linker.nativeLinker();
        lastError = handle(linker, lookup, "psrnn_last_error", FunctionDescriptor.of(ADDRESS));
        abi = status(linker, lookup, "psrnn_abi", ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        deviceCount = status(linker, lookup, "psrnn_device_count", ADDRESS);
        deviceInfo = status(linker, lookup, "psrnn_device_info", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                ADDRESS, ADDRESS);
        versions = status(linker, lookup, "psrnn_versions", ADDRESS, ADDRESS);
        emulatedHandle = status(linker, lookup, "psrnn_emulated", ADDRESS);
        requiredMemory = status(linker, lookup, "psrnn_required_memory", ADDRESS, ADDRESS);
        create = status(linker, lookup, "psrnn_create", ADDRESS, JAVA_INT, ADDRESS);
        destroy = status(linker, lookup, "psrnn_destroy", ADDRESS);
        upload = status(linker, lookup, "psrnn_upload", ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG);
        download = status(linker, lookup, "psrnn_download", ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG);
        uploadStrong = status(linker, lookup, "psrnn_upload_strong", ADDRESS, ADDRESS, JAVA_LONG);
        downloadStrong = status(linker, lookup, "psrnn_download_strong", ADDRESS, ADDRESS, JAVA_LONG);
        setIteration = status(linker, lookup, "psrnn_set_iteration", ADDRESS, JAVA_LONG);
        getIteration = status(linker, lookup, "psrnn_get_iteration", ADDRESS, ADDRESS);
        step = status(linker, lookup, "psrnn_step", ADDRESS, ADDRESS, ADDRESS);
        forward = status(linker, lookup, "psrnn_forward", ADDRESS, ADDRESS, ADDRESS, ADDRESS);
        gradients = status(linker, lookup, "psrnn_gradients", ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                ADDRESS, ADDRESS);
        recurrentKernel = status(linker, lookup, "psrnn_recurrent_kernel", ADDRESS, ADDRESS);
    }

    private static MethodHandle handle(Linker linker, SymbolLookup lookup, String name, FunctionDescriptor fd) {
        MemorySegment symbol = lookup.find(name).orElseThrow(() -> new EngineException(
                "libpsrnn_cuda.so has no function " + name + ": it is from another version of psrnn; rebuild it (./psrnn build)"));
        return linker.downcallHandle(symbol, fd);
    }

    /** A function returning a psrnn_status. */
    private static MethodHandle status(Linker linker, SymbolLookup lookup, String name, MemoryLayout... args) {
        return handle(linker, lookup, name, FunctionDescriptor.of(JAVA_INT, args));
    }

    /**
     * The library, loaded once; throws {@link EngineException} saying why it cannot be had (not
     * Linux x86-64, built without nvcc, not loadable, another ABI).
     */
    public static CudaLibrary load() {
        CudaLibrary lib = instance;
        if (lib != null) return lib;
        synchronized (LOCK) {
            if (instance != null) return instance;
            if (loadFailure != null) throw new EngineException(loadFailure);
            try {
                instance = open();
                return instance;
            } catch (EngineException e) {
                loadFailure = e.getMessage();
                throw e;
            }
        }
    }

    private static CudaLibrary open() {
        String os = System.getProperty("os.name", ""), arch = System.getProperty("os.arch", "");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new EngineException("the CUDA engine is built for Linux x86-64; this is " + os + " " + arch);
        }
        Path path = locate();
        SymbolLookup lookup;
        try {
            lookup = SymbolLookup.libraryLookup(path, Arena.global());
        } catch (IllegalArgumentException | IllegalCallerException e) {
            throw new EngineException("could not load " + path + ": " + e.getMessage()
                    + (e instanceof IllegalCallerException ? " (run java with --enable-native-access=ALL-UNNAMED)" : ""), e);
        }
        CudaLibrary lib = new CudaLibrary(path, lookup);
        lib.checkAbi();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = a.allocate(JAVA_INT);
            lib.call("psrnn_emulated", lib.emulatedHandle, e);
            lib.emulated = e.get(JAVA_INT, 0) != 0;
        }
        return lib;
    }

    /** Whether the emulated device is asked for: {@code PSRNN_CUDA_EMULATED=1} or {@code -Dpsrnn.cuda.emulated=true}. */
    public static boolean emulationAsked() {
        String p = System.getProperty(EMULATED_PROPERTY);
        if (p != null && !p.isBlank()) return flag(EMULATED_PROPERTY, p);
        String e = System.getenv(EMULATED_ENV);
        return e != null && !e.isBlank() && flag(EMULATED_ENV, e);
    }

    private static boolean flag(String name, String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes" -> true;
            case "0", "false", "no" -> false;
            default -> throw new EngineException(name + " = '" + value + "' is not allowed: must be 1 or 0 (true or false)");
        };
    }

    /** Whether this library runs its kernels on the emulated device (the CPU) rather than a GPU. */
    public boolean emulated() {
        return emulated;
    }

    /** Where the library file is: the property, the environment, or the copy of the jar's (the emulated device's when asked). */
    private static Path locate() {
        String given = System.getProperty("psrnn.cuda.library");
        String from = "-Dpsrnn.cuda.library";
        if (given == null || given.isBlank()) {
            given = System.getenv("PSRNN_CUDA_LIBRARY");
            from = "PSRNN_CUDA_LIBRARY";
        }
        if (given != null && !given.isBlank()) {
            Path p = Path.of(given).toAbsolutePath();
            if (!Files.isRegularFile(p)) throw new EngineException(from + " = " + given + ": no such file");
            return p;
        }
        if (emulationAsked()) {
            try (InputStream in = CudaLibrary.class.getResourceAsStream(EMULATED_RESOURCE)) {
                if (in == null) {
                    throw new EngineException("the emulated device was asked for (" + EMULATED_ENV + "), but this psrnn was built without "
                            + "libpsrnn_cuda_emu.so (no C++ compiler when it was built); install g++ and run './psrnn build'");
                }
                return extract(in.readAllBytes(), "libpsrnn_cuda_emu.so");
            } catch (IOException e) {
                throw new EngineException("could not read libpsrnn_cuda_emu.so from the jar: " + e.getMessage(), e);
            }
        }
        try (InputStream in = CudaLibrary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new EngineException("this psrnn was built without libpsrnn_cuda.so (nvcc was not found when it was built); "
                        + "install the CUDA toolkit and run './psrnn build', or set PSRNN_CUDA_LIBRARY to a built library");
            }
            return extract(in.readAllBytes(), "libpsrnn_cuda.so");
        } catch (IOException e) {
            throw new EngineException("could not read libpsrnn_cuda.so from the jar: " + e.getMessage(), e);
        }
    }

    /** Writes the jar's library to cache/psrnn/native/SHA/NAME once (atomically) and returns its path. */
    private static Path extract(byte[] bytes, String fileName) throws IOException {
        String sha;
        try {
            sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<Path> roots = new ArrayList<>();
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) roots.add(Path.of(xdg, "psrnn"));
        roots.add(Path.of(System.getProperty("user.home"), ".cache", "psrnn"));
        roots.add(Path.of(System.getProperty("java.io.tmpdir"), "psrnn-" + System.getProperty("user.name", "user")));
        IOException last = null;
        for (Path root : roots) {
            Path dir = root.resolve("native").resolve(sha);
            Path file = dir.resolve(fileName);
            try {
                if (Files.isRegularFile(file) && Files.size(file) == bytes.length) return file;
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, fileName, ".tmp");
                Files.write(tmp, bytes);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return file;
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IOException("no writable cache folder for it (" + roots + ")", last);
    }

    private void checkAbi() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT), c = a.allocate(JAVA_INT), b = a.allocate(JAVA_INT), s = a.allocate(JAVA_INT);
            check((int) abi.invokeExact(v, c, b, s), "psrnn_abi");
            int version = v.get(JAVA_INT, 0);
            if (version != ABI_VERSION) {
                throw new EngineException(path + " has ABI version " + version + ", this psrnn needs " + ABI_VERSION
                        + ": rebuild it (./psrnn build) or point PSRNN_CUDA_LIBRARY at a matching one");
            }
            long config = CudaStructs.CONFIG.byteSize(), batch = CudaStructs.BATCH.byteSize(), stats = CudaStructs.STATS.byteSize();
            if (c.get(JAVA_INT, 0) != config || b.get(JAVA_INT, 0) != batch || s.get(JAVA_INT, 0) != stats) {
                throw new EngineException(path + ": struct sizes " + c.get(JAVA_INT, 0) + "/" + b.get(JAVA_INT, 0) + "/" + s.get(JAVA_INT, 0)
                        + " differ from the binding's " + config + "/" + batch + "/" + stats);
            }
        } catch (EngineException e) {
            throw e;
        } catch (Throwable t) {
            throw new EngineException("calling psrnn_abi failed: " + t, t);
        }
    }

    /** Throws the exception for a failed status, with the library's message. */
    void check(int status, String call) {
        if (status == OK) return;
        String message;
        try {
            MemorySegment p = (MemorySegment) lastError.invokeExact();
            message = p.reinterpret(4096).getString(0);
        } catch (Throwable t) {
            message = "(no message: " + t + ")";
        }
        throw new CudaException(status, call + ": " + (message.isEmpty() ? "status " + status : message));
    }

    /** Runs a downcall that returns a status, turning a failure into a {@link CudaException}. */
    void call(String name, MethodHandle h, Object... args) {
        int status;
        try {
            status = (int) h.invokeWithArguments(args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new EngineException(name + " failed: " + t, t);
        }
        check(status, name);
    }

    /** The number of devices; throws with the reason when there is no driver or no device. */
    public int deviceCount() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment n = a.allocate(JAVA_INT);
            call("psrnn_device_count", deviceCount, n);
            return n.get(JAVA_INT, 0);
        }
    }

    /** Every device, with its memory and whether this library can run on it. */
    public List<Device> devices() {
        int n = deviceCount();
        List<Device> out = new ArrayList<>();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment name = a.allocate(256), total = a.allocate(JAVA_LONG), free = a.allocate(JAVA_LONG);
            MemorySegment major = a.allocate(JAVA_INT), minor = a.allocate(JAVA_INT), sms = a.allocate(JAVA_INT), code = a.allocate(JAVA_INT);
            for (int d = 0; d < n; d++) {
                call("psrnn_device_info", deviceInfo, d, name, 256, total, free, major, minor, sms, code);
                out.add(new Device(d, name.getString(0), total.get(JAVA_LONG, 0), free.get(JAVA_LONG, 0), major.get(JAVA_INT, 0),
                        minor.get(JAVA_INT, 0), sms.get(JAVA_INT, 0), code.get(JAVA_INT, 0) != 0, emulated));
            }
        }
        return out;
    }

    /** "CUDA runtime 13.0, driver 12.4" (or "no driver"); for the emulated device, that neither takes part. */
    public String versions() {
        if (emulated) return "the emulated device: no CUDA runtime or driver takes part; the kernels, compiled by g++, run on the CPU";
        try (Arena a = Arena.ofConfined()) {
            MemorySegment d = a.allocate(JAVA_INT), r = a.allocate(JAVA_INT);
            call("psrnn_versions", versions, d, r);
            int driver = d.get(JAVA_INT, 0);
            return "CUDA runtime " + cudaVersion(r.get(JAVA_INT, 0)) + ", " + (driver == 0 ? "no driver" : "driver " + cudaVersion(driver));
        }
    }

    /** The driver's CUDA version and this library's runtime version, as CUDA numbers them (13000 = 13.0; 0: none). */
    int[] versionNumbers() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment d = a.allocate(JAVA_INT), r = a.allocate(JAVA_INT);
            call("psrnn_versions", versions, d, r);
            return new int[] {d.get(JAVA_INT, 0), r.get(JAVA_INT, 0)};
        }
    }

    /**
     * Why the driver cannot run this library, naming both CUDA versions and what to do, when the
     * driver's CUDA version ({@code driver}) is older than the library's runtime ({@code runtime});
     * empty when they fit or either is unknown (0).
     */
    static java.util.Optional<String> driverTooOld(int driver, int runtime) {
        if (driver <= 0 || runtime <= 0 || driver >= runtime) return java.util.Optional.empty();
        String needs = runtime >= 13000 ? " (CUDA 13 needs a driver of the R580 family or newer)"
                : runtime >= 12000 ? " (CUDA 12 needs a driver of the R525 family or newer)" : "";
        return java.util.Optional.of("the NVIDIA driver supports CUDA " + cudaVersion(driver) + ", but this libpsrnn_cuda.so was built with CUDA "
                + cudaVersion(runtime) + ", which needs a newer driver" + needs + "; update the driver, or build psrnn with a CUDA "
                + "toolkit no newer than " + cudaVersion(driver) + " (NVCC=/usr/local/cuda-" + cudaVersion(driver) + "/bin/nvcc ./psrnn build)");
    }

    static String cudaVersion(int v) {
        return v / 1000 + "." + (v % 1000) / 10;
    }

    /** Whether the driver library is installed at all (cudart loads it by this name). */
    static boolean driverPresent() {
        try (Arena a = Arena.ofConfined()) {
            SymbolLookup.libraryLookup("libcuda.so.1", a);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- helpers for the engine

    static MemorySegment floats(Arena arena, double[] values) {
        MemorySegment s = arena.allocate(JAVA_FLOAT, Math.max(1, values.length));
        for (int i = 0; i < values.length; i++) s.setAtIndex(JAVA_FLOAT, i, (float) values[i]);
        return s;
    }

    static double[] doubles(MemorySegment s, int count) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) out[i] = s.getAtIndex(JAVA_FLOAT, i);
        return out;
    }

    static MemorySegment bytes(Arena arena, byte[] values) {
        MemorySegment s = arena.allocate(JAVA_BYTE, Math.max(1, values.length));
        MemorySegment.copy(values, 0, s, JAVA_BYTE, 0, values.length);
        return s;
    }
}
