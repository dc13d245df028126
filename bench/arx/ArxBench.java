// Runs ARX (https://arx.deidentifier.org) beside `npm run bench`: k-anonymity on a CSV with ARX's own hierarchy
// files, timing ARXAnonymizer.anonymize() after a JVM warm-up, and printing one JSON line per case with the median
// time, the optimal transformation, its information loss (as ARX reports it) and the number of suppressed records.
// Our code only: ARX itself is compiled from a snapshot by bench/arx/build.sh and never committed here.
// Usage: java -cp <arx classes and jars>:<dir of this class> ArxBench <data.csv> <hierarchy prefix> <metric> <k>
//        <suppression[,suppression…]> <warm-up runs> <timed runs>
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.deidentifier.arx.ARXAnonymizer;
import org.deidentifier.arx.ARXConfiguration;
import org.deidentifier.arx.ARXLattice.ARXNode;
import org.deidentifier.arx.ARXResult;
import org.deidentifier.arx.AttributeType;
import org.deidentifier.arx.AttributeType.Hierarchy;
import org.deidentifier.arx.Data;
import org.deidentifier.arx.DataHandle;
import org.deidentifier.arx.criteria.KAnonymity;
import org.deidentifier.arx.metric.Metric;

public class ArxBench {
    static Data load(String csv, String prefix) throws Exception {
        Data data = Data.create(csv, StandardCharsets.UTF_8, ';');
        DataHandle handle = data.getHandle();
        for (int c = 0; c < handle.getNumColumns(); c++) {
            String name = handle.getAttributeName(c);
            File h = new File(prefix + name + ".csv");
            if (h.exists()) data.getDefinition().setAttributeType(name, Hierarchy.create(h, StandardCharsets.UTF_8, ';'));
            else data.getDefinition().setAttributeType(name, AttributeType.INSENSITIVE_ATTRIBUTE);
        }
        return data;
    }

    static Metric<?> metric(String name) {
        switch (name) {
            case "entropy": return Metric.createEntropyMetric();
            case "loss": return Metric.createLossMetric();
            case "precision": return Metric.createPrecisionMetric();
            default: throw new IllegalArgumentException(name);
        }
    }

    public static void main(String[] args) throws Exception {
        String csv = args[0], prefix = args[1], metricName = args[2];
        int k = Integer.parseInt(args[3]);
        int warm = Integer.parseInt(args[5]), runs = Integer.parseInt(args[6]);
        for (String s : args[4].split(",")) {
            double sup = Double.parseDouble(s);
            ARXResult last = null;
            double[] times = new double[runs];
            for (int r = -warm; r < runs; r++) {
                Data data = load(csv, prefix);
                ARXConfiguration config = ARXConfiguration.create();
                config.addPrivacyModel(new KAnonymity(k));
                config.setSuppressionLimit(sup);
                config.setQualityModel(metric(metricName));
                long t0 = System.nanoTime();
                last = new ARXAnonymizer().anonymize(data, config);
                long t1 = System.nanoTime();
                if (r >= 0) times[r] = (t1 - t0) / 1e6;
            }
            Arrays.sort(times);
            ARXNode best = last.getGlobalOptimum();
            DataHandle out = last.getOutput();
            int suppressed = 0;
            for (int row = 0; row < out.getNumRows(); row++) if (out.isOutlier(row)) suppressed++;
            System.out.println("{\"suppression\":" + sup + ",\"metric\":\"" + metricName + "\",\"k\":" + k
                + ",\"medianMs\":" + times[runs / 2] + ",\"minMs\":" + times[0]
                + ",\"levels\":" + Arrays.toString(best.getTransformation())
                + ",\"attributes\":\"" + String.join(",", best.getQuasiIdentifyingAttributes()) + "\""
                + ",\"loss\":" + best.getHighestScore().toString() + ",\"suppressed\":" + suppressed
                + ",\"records\":" + out.getNumRows() + ",\"optimumFound\":" + last.getGlobalOptimum().isChecked() + "}");
        }
    }
}
