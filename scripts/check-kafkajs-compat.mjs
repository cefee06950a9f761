#!/usr/bin/env node
// Exercises the kafkajs calls Wharf relies on against one broker and prints operation -> ok / failed.
//
//   node scripts/check-kafkajs-compat.mjs [bootstrap]      default 127.0.0.1:9092
//
// Safe against a shared broker: it only creates, and then deletes, its own `compat-<timestamp>` topic and groups.
// Exit code 1 when any operation failed. Findings: docs/kafka-versions.md.
import kafkajs from 'kafkajs'

const { Kafka, CompressionTypes, logLevel } = kafkajs

const brokers = (process.argv[2] ?? '127.0.0.1:9092').split(',')
const STEP_TIMEOUT_MS = 20_000
const id = `compat-${Date.now()}`
const topic = id
const group = `${id}-group`
const createdGroups = [group]

const kafka = new Kafka({
  clientId: 'wharf-compat-check',
  brokers,
  connectionTimeout: 5_000,
  requestTimeout: 10_000,
  retry: { retries: 2 },
  logLevel: logLevel.NOTHING,
})

const results = []

function withTimeout(promise, ms) {
  let timer
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

function describeError(error) {
  const parts = [error?.name, error?.type, error?.message].filter(Boolean)
  return [...new Set(parts)].join(': ')
}

// Runs one operation; `fn` returns a short detail string on success and throws on failure.
async function step(operation, fn) {
  try {
    const detail = await withTimeout(Promise.resolve().then(fn), STEP_TIMEOUT_MS)
    results.push({ operation, status: 'ok', detail: detail ?? '' })
  } catch (error) {
    results.push({ operation, status: 'FAILED', detail: describeError(error) })
  }
}

function note(operation, detail) {
  results.push({ operation, status: 'n/a', detail })
}

function assert(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`)
}

const admin = kafka.admin()
const producer = kafka.producer()
const idempotent = kafka.producer({ idempotent: true, maxInFlightRequests: 1 })
const transactional = kafka.producer({
  transactionalId: `${id}-tx`,
  idempotent: true,
  maxInFlightRequests: 1,
})
const consumer = kafka.consumer({ groupId: group, sessionTimeout: 10_000, heartbeatInterval: 1_000 })

const sent = []
const message = (label, i) => {
  const value = `${label}-${i}`
  sent.push(value)
  // Explicit partitions, so both partitions hold records whatever the partitioner does with the keys.
  return { key: `k${i}`, value, partition: i % 2 }
}

async function main() {
  await step('admin connect', async () => {
    await admin.connect()
  })

  await step('describeCluster', async () => {
    const { brokers: list, controller, clusterId } = await admin.describeCluster()
    assert(list.length > 0, 'no brokers')
    return `${list.length} broker(s), controller ${controller}, cluster ${clusterId}`
  })

  await step('createTopics', async () => {
    const created = await admin.createTopics({
      topics: [{ topic, numPartitions: 2, replicationFactor: 1 }],
      waitForLeaders: true,
    })
    assert(created, 'topic already existed')
    return `${topic} (2 partitions)`
  })

  await step('fetchTopicMetadata', async () => {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] })
    assert(topics[0]?.partitions.length === 2, 'expected 2 partitions')
    return `${topics[0].partitions.length} partitions`
  })

  await step('producer send (no compression)', async () => {
    await producer.connect()
    const records = await producer.send({
      topic,
      messages: [0, 1, 2].map((i) => message('plain', i)),
    })
    return `base offsets ${records.map((r) => `p${r.partition}@${r.baseOffset}`).join(' ')}`
  })

  await step('producer send (gzip)', async () => {
    await producer.send({
      topic,
      compression: CompressionTypes.GZIP,
      messages: [0, 1, 2].map((i) => message('gzip', i)),
    })
  })

  await step('idempotent producer send', async () => {
    await idempotent.connect()
    await idempotent.send({ topic, acks: -1, messages: [0, 1, 2].map((i) => message('idem', i)) })
  })

  await step('transactional producer (commit)', async () => {
    await transactional.connect()
    const tx = await transactional.transaction()
    try {
      await tx.send({ topic, messages: [0, 1].map((i) => message('tx', i)) })
      await tx.commit()
    } catch (error) {
      await tx.abort().catch(() => {})
      throw error
    }
  })

  await step('fetchTopicOffsets', async () => {
    const offsets = await admin.fetchTopicOffsets(topic)
    const total = offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0)
    // kafkajs lists offsets read_committed: right after a commit the last stable offset may not yet be
    // past the transaction's records (the markers are written asynchronously), so count only the others.
    assert(total >= 9, `expected >= 9 records, got ${total}`)
    return offsets.map((p) => `p${p.partition} ${p.low}..${p.high}`).join(', ')
  })

  await step('fetchTopicOffsetsByTimestamp', async () => {
    const offsets = await admin.fetchTopicOffsetsByTimestamp(topic, Date.now() - 60_000)
    assert(offsets.length === 2, 'expected 2 partitions')
    return offsets.map((p) => `p${p.partition}@${p.offset}`).join(', ')
  })

  await step('describeConfigs (broker)', async () => {
    const { brokers: list } = await admin.describeCluster()
    const { resources } = await admin.describeConfigs({
      resources: [{ type: 4, name: String(list[0].nodeId) }], // ConfigResourceTypes.BROKER
      includeSynonyms: false,
    })
    assert(resources[0].errorCode === 0, resources[0].errorMessage)
    return `${resources[0].configEntries.length} entries`
  })

  await step('describeConfigs (topic)', async () => {
    const { resources } = await admin.describeConfigs({
      resources: [{ type: 2, name: topic }], // ConfigResourceTypes.TOPIC
      includeSynonyms: false,
    })
    assert(resources[0].errorCode === 0, resources[0].errorMessage)
    return `${resources[0].configEntries.length} entries`
  })

  await step('alterConfigs (topic retention.ms)', async () => {
    await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: 2, name: topic, configEntries: [{ name: 'retention.ms', value: '3600000' }] }],
    })
    const { resources } = await admin.describeConfigs({
      resources: [{ type: 2, name: topic, configNames: ['retention.ms'] }],
      includeSynonyms: false,
    })
    const value = resources[0].configEntries.find((e) => e.configName === 'retention.ms')?.configValue
    assert(value === '3600000', `retention.ms reads back as ${value}`)
    return 'read back 3600000'
  })

  note('incrementalAlterConfigs', 'not in the kafkajs 2.2.4 admin API (no IncrementalAlterConfigs request)')

  await step('createPartitions (2 -> 3)', async () => {
    await admin.createPartitions({ topicPartitions: [{ topic, count: 3 }] })
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] })
    assert(topics[0].partitions.length === 3, `${topics[0].partitions.length} partitions`)
    return '3 partitions'
  })

  const received = []
  const lastOffsets = new Map()

  await step('consumer join group (subscribe + run)', async () => {
    await consumer.connect()
    const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve))
    await consumer.subscribe({ topics: [topic], fromBeginning: true })
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message: m }) => {
        received.push(m.value.toString())
        lastOffsets.set(partition, m.offset)
      },
    })
    const event = await joined
    return `joined in ${event.payload.duration} ms, leader ${event.payload.isLeader}`
  })

  await step('consumer read messages back', async () => {
    const deadline = Date.now() + STEP_TIMEOUT_MS - 1_000
    while (received.length < sent.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const missing = sent.filter((v) => !received.includes(v))
    assert(missing.length === 0, `missing ${missing.join(', ')}`)
    return `${received.length}/${sent.length} (plain, gzip, idempotent, transactional)`
  })

  await step('consumer commitOffsets', async () => {
    const offsets = [...lastOffsets].map(([partition, offset]) => ({
      topic,
      partition,
      offset: String(Number(offset) + 1),
    }))
    assert(offsets.length > 0, 'nothing consumed')
    await consumer.commitOffsets(offsets)
  })

  await step('listGroups', async () => {
    const { groups } = await admin.listGroups()
    assert(groups.some((g) => g.groupId === group), `${group} not listed`)
    return `${groups.length} group(s), ours listed`
  })

  await step('describeGroups', async () => {
    const { groups } = await admin.describeGroups([group])
    assert(groups[0].errorCode === 0, `error code ${groups[0].errorCode}`)
    return `state ${groups[0].state}, ${groups[0].members.length} member(s)`
  })

  await step('fetchOffsets (committed)', async () => {
    const [entry] = await admin.fetchOffsets({ groupId: group, topics: [topic] })
    const committed = entry.partitions.filter((p) => Number(p.offset) >= 0)
    assert(committed.length > 0, 'no committed offsets')
    return entry.partitions.map((p) => `p${p.partition}@${p.offset}`).join(', ')
  })

  await step('consumer disconnect (leave group)', async () => {
    await consumer.disconnect()
  })

  await step('setOffsets', async () => {
    await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: '1' }] })
    const [entry] = await admin.fetchOffsets({ groupId: group, topics: [topic] })
    const p0 = entry.partitions.find((p) => p.partition === 0)
    assert(p0.offset === '1', `p0 reads back as ${p0.offset}`)
    return 'p0 -> 1, read back'
  })

  await step('resetOffsets (earliest)', async () => {
    await admin.resetOffsets({ groupId: group, topic, earliest: true })
    const [entry] = await admin.fetchOffsets({ groupId: group, topics: [topic] })
    return entry.partitions.map((p) => `p${p.partition}@${p.offset}`).join(', ')
  })

  await step('deleteTopicRecords (p0 before offset 1)', async () => {
    const before = await admin.fetchTopicOffsets(topic)
    const p0 = before.find((p) => p.partition === 0)
    assert(Number(p0.high) >= 1, 'partition 0 is empty')
    await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '1' }] })
    const after = await admin.fetchTopicOffsets(topic)
    const low = after.find((p) => p.partition === 0).low
    assert(low === '1', `low watermark ${low}`)
    return 'p0 low watermark 0 -> 1'
  })

  await step('deleteGroups', async () => {
    const [deleted] = await admin.deleteGroups([group])
    assert(deleted.errorCode === 0, `error code ${deleted.errorCode}`)
    createdGroups.length = 0
  })

  await step('deleteTopics', async () => {
    await admin.deleteTopics({ topics: [topic] })
  })
}

async function cleanUp() {
  for (const client of [consumer, producer, idempotent, transactional]) {
    await client.disconnect().catch(() => {})
  }
  // Best effort: a failed run must not leave its topic or group on a shared broker.
  if (createdGroups.length) await admin.deleteGroups(createdGroups).catch(() => {})
  const topics = await admin.listTopics().catch(() => [])
  if (topics.includes(topic)) await admin.deleteTopics({ topics: [topic] }).catch(() => {})
  await admin.disconnect().catch(() => {})
}

function printTable() {
  const rows = results.map((r) => [r.operation, r.status, r.detail])
  const widths = [0, 1].map((c) => Math.max(...rows.map((r) => r[c].length), c ? 6 : 9))
  const line = (cells) => cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell)).join(' | ')
  console.log(`kafkajs compatibility against ${brokers.join(',')} (${id})`)
  console.log(line(['operation', 'result', 'detail']))
  console.log(line(['-'.repeat(widths[0]), '-'.repeat(widths[1]), '------']))
  for (const row of rows) console.log(line(row))
}

try {
  await main()
} finally {
  await withTimeout(cleanUp(), STEP_TIMEOUT_MS).catch((error) => {
    console.error(`cleanup: ${describeError(error)}`)
  })
  printTable()
}
process.exit(results.some((r) => r.status === 'FAILED') ? 1 : 0)
