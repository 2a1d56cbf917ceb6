package dev.snowcloud.id;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class SnowflakeLayoutPropertiesTests {

    /** Epochs from 1970 to 2100: wider than anyone would configure. */
    private static final long LATEST_EPOCH = 4_102_444_800_000L; // 2100-01-01T00:00:00Z

    @Property
    void everyValidTimestampWorkerAndSequenceRoundTrips(@ForAll @LongRange(max = LATEST_EPOCH) long epochMillis,
            @ForAll @LongRange(max = SnowflakeLayout.MAX_TIMESTAMP) long sinceEpoch,
            @ForAll @IntRange(max = 1023) int workerId, @ForAll @IntRange(max = 4095) int sequence) {
        SnowflakeLayout layout = new SnowflakeLayout(Instant.ofEpochMilli(epochMillis));

        long id = layout.encode(epochMillis + sinceEpoch, workerId, sequence);

        assertThat(id).isNotNegative();
        assertThat(layout.decode(id))
            .isEqualTo(new SnowflakeId(id, epochMillis + sinceEpoch, workerId, sequence));
    }

    @Property
    void everyNonNegativeLongDecodesAndEncodesBackToItself(@ForAll @LongRange(max = Long.MAX_VALUE) long id) {
        SnowflakeLayout layout = SnowflakeLayout.defaultLayout();

        SnowflakeId decoded = layout.decode(id);

        assertThat(layout.encode(decoded.unixMillis(), decoded.workerId(), decoded.sequence())).isEqualTo(id);
    }

    @Property
    void idsCompareAsTheirTimestampWorkerAndSequenceDo(
            @ForAll @LongRange(max = SnowflakeLayout.MAX_TIMESTAMP) long t1, @ForAll @IntRange(max = 1023) int w1,
            @ForAll @IntRange(max = 4095) int s1, @ForAll @LongRange(max = SnowflakeLayout.MAX_TIMESTAMP) long t2,
            @ForAll @IntRange(max = 1023) int w2, @ForAll @IntRange(max = 4095) int s2) {
        SnowflakeLayout layout = SnowflakeLayout.defaultLayout();
        long epoch = layout.epochMillis();

        int byId = Long.compare(layout.encode(epoch + t1, w1, s1), layout.encode(epoch + t2, w2, s2));
        int byFields = t1 != t2 ? Long.compare(t1, t2) : w1 != w2 ? Integer.compare(w1, w2) : Integer.compare(s1, s2);

        assertThat(Integer.signum(byId)).isEqualTo(Integer.signum(byFields));
    }

}
