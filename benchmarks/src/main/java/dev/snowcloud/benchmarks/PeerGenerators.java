package dev.snowcloud.benchmarks;

import cn.hutool.core.lang.Snowflake;
import com.baomidou.mybatisplus.core.toolkit.Sequence;
import dev.snowcloud.id.SnowflakeGenerator;
import me.ahoo.cosid.snowflake.ClockSyncSnowflakeId;
import me.ahoo.cosid.snowflake.MillisecondSnowflakeId;
import me.ahoo.cosid.snowflake.SnowflakeId;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One instance of each generator, shared by every benchmark thread, as an
 * application shares its one generator. All of them use the same layout: 41-bit
 * millisecond timestamp, 10 bits of worker (Hutool and MyBatis-Plus split them 5 + 5
 * into worker and data centre), 12 bits of sequence, so each is capped at 4,096 IDs
 * per millisecond.
 */
@State(Scope.Benchmark)
public abstract class PeerGenerators {

    /** Our generator, with a fixed worker ID: no delegator, the lease never expires. */
    SnowflakeGenerator snowcloud;

    /** CosId's millisecond snowflake behind its clock-backwards synchronizer, as its starter wires it. */
    SnowflakeId cosid;

    Snowflake hutool;

    Sequence mybatisPlus;

    @Setup
    public void createGenerators() {
        snowcloud = SnowflakeGenerator.withFixedWorkerId(1);
        cosid = new ClockSyncSnowflakeId(new MillisecondSnowflakeId(1));
        hutool = new Snowflake(1, 0);
        mybatisPlus = new Sequence(1, 0);
    }

    @Benchmark
    public long snowcloudNextId() {
        return snowcloud.nextId();
    }

    @Benchmark
    public long cosidGenerate() {
        return cosid.generate();
    }

    @Benchmark
    public long hutoolNextId() {
        return hutool.nextId();
    }

    @Benchmark
    public long mybatisPlusNextId() {
        return mybatisPlus.nextId();
    }

}
