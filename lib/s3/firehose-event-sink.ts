import type { FirehoseClient } from '@aws-sdk/client-firehose';
import { DeliveryError } from '../errors.ts';
import { PUT_RECORD_BATCH_LIMITS, putRecords, type PutRecordsOptions } from '../firehose/put-record-batch.ts';
import type { EventSink } from './event-sink.ts';

/** Records buffered before a PutRecordBatch round: enough for `putRecords` to run calls in parallel. */
const FLUSH_RECORDS = 4 * PUT_RECORD_BATCH_LIMITS.maxRecords;
const FLUSH_BYTES = 4 * PUT_RECORD_BATCH_LIMITS.maxBytes;

/**
 * Events sent to a Firehose delivery stream with PutRecordBatch (`putRecords`: batches of
 * 500 records / 4 MiB, retries with backoff). Each record is NDJSON holding as many whole
 * events as fit in Firehose's 1,000 KiB record limit, so the stream's records split back
 * into events the same way the output objects do.
 *
 * Firehose has no transaction: when the invocation fails after some records were
 * delivered, its retry delivers them again (at-least-once).
 */
export class FirehoseEventSink implements EventSink {
  readonly location: string;
  readonly maxEventBytes = PUT_RECORD_BATCH_LIMITS.maxRecordBytes - 1;
  private parts: Buffer[] = [];
  private partBytes = 0;
  private records: Buffer[] = [];
  private recordBytes = 0;
  private sent = 0;

  constructor(
    private readonly client: FirehoseClient,
    private readonly streamName: string,
    private readonly options: PutRecordsOptions = {},
  ) {
    this.location = `firehose:${streamName}`;
  }

  get bytesOut(): number {
    return this.sent;
  }

  async write(ndjson: Buffer): Promise<void> {
    for (let start = 0; start < ndjson.length; ) {
      const newline = ndjson.indexOf(0x0a, start);
      const end = newline === -1 ? ndjson.length : newline + 1;
      const line = ndjson.subarray(start, end);
      start = end;
      if (this.partBytes + line.length > PUT_RECORD_BATCH_LIMITS.maxRecordBytes) this.seal();
      this.parts.push(line);
      this.partBytes += line.length;
    }
    if (this.records.length >= FLUSH_RECORDS || this.recordBytes >= FLUSH_BYTES) await this.send();
  }

  async end(): Promise<void> {
    this.seal();
    await this.send();
  }

  async abort(): Promise<void> {
    // Delivered records cannot be taken back; the rest is simply not sent.
    this.parts = [];
    this.records = [];
  }

  /** Closes the record being filled. */
  private seal(): void {
    if (this.partBytes === 0) return;
    const record = Buffer.concat(this.parts, this.partBytes);
    this.records.push(record);
    this.recordBytes += record.length;
    this.parts = [];
    this.partBytes = 0;
  }

  private async send(): Promise<void> {
    if (this.records.length === 0) return;
    const records = this.records;
    this.records = [];
    this.recordBytes = 0;
    const result = await putRecords(this.client, this.streamName, records, this.options);
    for (const index of result.delivered) this.sent += records[index]!.length;
    if (result.failed.length > 0) {
      const first = result.failed[0]!;
      throw new DeliveryError(
        `${result.failed.length} of ${records.length} records could not be delivered to Firehose stream ${this.streamName} ` +
          `(${first.errorCode}: ${first.errorMessage})`,
      );
    }
  }
}
