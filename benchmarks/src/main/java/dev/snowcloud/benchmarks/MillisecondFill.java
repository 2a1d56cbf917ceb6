package dev.snowcloud.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import cn.hutool.core.lang.Snowflake;
import com.baomidou.mybatisplus.core.toolkit.Sequence;
import dev.snowcloud.id.SnowflakeGenerator;
import me.ahoo.cosid.snowflake.ClockSyncSnowflakeId;
import me.ahoo.cosid.snowflake.MillisecondSnowflakeId;
import me.ahoo.cosid.snowflake.SnowflakeId;

/**
 * A cross-check of the JMH throughput that is less sensitive to a busy machine:
 * threads draw IDs for a few seconds and count them by the millisecond in their
 * timestamp. A millisecond that got fewer than 4,096 IDs lost capacity for good,
 * whether the generator or the scheduler is to blame; the empty ones are
 * milliseconds in which no drawing thread ran at all.
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.snowcloud.benchmarks.MillisecondFill [threads] [seconds] [rounds]
 * </pre>
 * All four generators use a 22-bit shift for the timestamp, so {@code id >>> 22} is
 * each one's millisecond count from its own epoch.
 */
public final class MillisecondFill {

    private static final int CAP_PER_MILLI = 4_096;

    private MillisecondFill() {
    }

    /** One call of a generator, filling {@code ids}. */
    private interface Draw {

        void into(long[] ids);

    }

    public static void main(String[] args) throws InterruptedException {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, Draw> generator : generators().entrySet()) {
                int batch = generator.getKey().contains("batch") ? 1_000 : 1;
                measure(generator.getKey(), generator.getValue(), threads, seconds, batch);
            }
        }
    }

    private static Map<String, Draw> generators() {
        SnowflakeGenerator snowcloud = SnowflakeGenerator.withFixedWorkerId(1);
        SnowflakeGenerator snowcloudForBatches = SnowflakeGenerator.withFixedWorkerId(1);
        SnowflakeId cosid = new ClockSyncSnowflakeId(new MillisecondSnowflakeId(1));
        Snowflake hutool = new Snowflake(1, 0);
        Sequence mybatisPlus = new Sequence(1, 0);
        Map<String, Draw> generators = new LinkedHashMap<>();
        generators.put("snowcloud nextId", ids -> ids[0] = snowcloud.nextId());
        generators.put("snowcloud batch", ids -> snowcloudForBatches.nextIds(ids, 0, ids.length));
        generators.put("cosid", ids -> ids[0] = cosid.generate());
        generators.put("hutool", ids -> ids[0] = hutool.nextId());
        generators.put("mybatis-plus", ids -> ids[0] = mybatisPlus.nextId());
        return generators;
    }

    private static void measure(String name, Draw draw, int threads, int seconds, int batch)
            throws InterruptedException {
        long[] warmUp = new long[batch];
        for (int i = 0; i < 200_000 / batch; i++) {
            draw.into(warmUp);
        }
        long firstMilli = (warmUp[0] >>> 22) + 5;
        int span = seconds * 1_000 + 2_000;
        int[][] counts = new int[threads][span];
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) + TimeUnit.MILLISECONDS.toNanos(5);
        Thread[] drawers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int[] mine = counts[t];
            drawers[t] = new Thread(() -> {
                long[] ids = new long[batch];
                while (System.nanoTime() - end < 0) {
                    draw.into(ids);
                    for (long id : ids) {
                        long milli = (id >>> 22) - firstMilli;
                        if (milli >= 0 && milli < span) {
                            mine[(int) milli]++;
                        }
                    }
                }
            });
        }
        String loadBefore = load();
        for (Thread drawer : drawers) {
            drawer.start();
        }
        for (Thread drawer : drawers) {
            drawer.join();
        }
        int[] perMilli = new int[span];
        for (int[] mine : counts) {
            for (int i = 0; i < span; i++) {
                perMilli[i] += mine[i];
            }
        }
        // Leave out the partly measured milliseconds at both ends.
        int from = 0;
        while (from < span - 1 && perMilli[from] == 0) {
            from++;
        }
        int to = span - 1;
        while (to > from && perMilli[to] == 0) {
            to--;
        }
        from++;
        to--;
        long ids = 0;
        int empty = 0;
        int shortOnes = 0;
        for (int i = from; i <= to; i++) {
            ids += perMilli[i];
            if (perMilli[i] == 0) {
                empty++;
            }
            else if (perMilli[i] < CAP_PER_MILLI) {
                shortOnes++;
            }
        }
        int millis = Math.max(1, to - from + 1);
        System.out.printf("%-17s threads=%d millis=%d ids/ms=%.1f (%.2f%% of cap) empty=%d short=%d load=%s%n", name,
                threads, millis, ids / (double) millis, 100.0 * ids / ((double) CAP_PER_MILLI * millis), empty, shortOnes,
                loadBefore);
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        }
        catch (IOException | RuntimeException ex) {
            return "?";
        }
    }

}
