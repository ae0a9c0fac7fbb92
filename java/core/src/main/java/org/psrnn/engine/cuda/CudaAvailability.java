package org.psrnn.engine.cuda;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.psrnn.engine.EngineException;

/** What this machine offers the cuda engine, found once a process; emulated when the library is the emulated device's. */
record CudaAvailability(Optional<String> reason, List<String> details, boolean emulated) {
    CudaAvailability(Optional<String> reason, List<String> details) {
        this(reason, details, false);
    }

    private static volatile CudaAvailability cached;

    static CudaAvailability get() {
        CudaAvailability a = cached;
        if (a == null) cached = a = probe();
        return a;
    }

    private static CudaAvailability probe() {
        List<String> details = new ArrayList<>();
        CudaLibrary lib;
        try {
            lib = CudaLibrary.load();
        } catch (EngineException e) {
            return new CudaAvailability(Optional.of(e.getMessage()), details);
        }
        details.add("library: " + lib.path);
        try {
            details.add(lib.versions());
        } catch (EngineException e) {
            details.add("versions: " + e.getMessage());
        }
        if (lib.emulated()) {
            List<CudaLibrary.Device> devices;
            try {
                devices = lib.devices();
            } catch (EngineException e) {
                return new CudaAvailability(Optional.of("the emulated device does not work: " + e.getMessage()), details, true);
            }
            for (CudaLibrary.Device d : devices) details.add(d.describe());
            return new CudaAvailability(Optional.empty(), details, true);
        }
        if (!CudaLibrary.driverPresent()) {
            return new CudaAvailability(Optional.of("no NVIDIA driver: libcuda.so.1 is not installed (it comes with the GPU driver)"), details);
        }
        try {
            int[] v = lib.versionNumbers();
            Optional<String> old = CudaLibrary.driverTooOld(v[0], v[1]);
            if (old.isPresent()) return new CudaAvailability(old, details);
        } catch (EngineException e) {
            // the device query below says what is wrong
        }
        List<CudaLibrary.Device> devices;
        try {
            devices = lib.devices();
        } catch (EngineException e) {
            return new CudaAvailability(Optional.of("no usable CUDA device: " + e.getMessage()), details);
        }
        for (CudaLibrary.Device d : devices) details.add(d.describe());
        int device = Integer.getInteger("psrnn.cuda.device", 0);
        if (device < 0 || device >= devices.size()) {
            return new CudaAvailability(Optional.of("psrnn.cuda.device = " + device + " is not allowed: there "
                    + (devices.size() == 1 ? "is 1 device (0)" : "are " + devices.size() + " devices (0-" + (devices.size() - 1) + ")")), details);
        }
        if (!devices.get(device).hasCode()) {
            CudaLibrary.Device d = devices.get(device);
            return new CudaAvailability(Optional.of("this libpsrnn_cuda.so has no code for " + d.name() + " (compute capability "
                    + d.ccMajor() + "." + d.ccMinor() + "); rebuild with PSRNN_CUDA_ARCHS=" + d.ccMajor() + d.ccMinor()
                    + " native-build/build.sh"), details);
        }
        return new CudaAvailability(Optional.empty(), details);
    }
}
