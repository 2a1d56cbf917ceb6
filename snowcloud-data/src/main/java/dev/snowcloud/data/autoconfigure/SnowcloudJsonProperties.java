package dev.snowcloud.data.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How Snowcloud changes the JSON that Spring Boot's Jackson mapper writes.
 */
@ConfigurationProperties("snowcloud.json")
public class SnowcloudJsonProperties {

    /**
     * Whether to write every long, Long and long[] as JSON strings of decimal digits, not
     * only @SnowflakeId fields, for IDs that travel without the annotation. It also turns
     * counts and sizes into strings.
     */
    private boolean longsAsStrings;

    public boolean isLongsAsStrings() {
        return this.longsAsStrings;
    }

    public void setLongsAsStrings(boolean longsAsStrings) {
        this.longsAsStrings = longsAsStrings;
    }

}
