import 'server-only';
// Filled in by the Kafka message browser: registers snappy, lz4 and zstd codecs with kafkajs.
export {};
