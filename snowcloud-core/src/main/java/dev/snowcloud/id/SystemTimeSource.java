package dev.snowcloud.id;

enum SystemTimeSource implements TimeSource {

    INSTANCE;

    @Override
    public long currentTimeMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

}
