import { readFileSync } from 'node:fs';

/**
 * Every byte LevelDB keeps in a table file (`.ldb`/`.sst`), old versions included, decompressed: the embedded
 * DynamoDB's files read the way an attacker with the disk would read them (for the PII canary test).
 */
export function leveldbTableBytes(path: string): Buffer[] {
  const file = readFileSync(path);
  if (file.length < 48) return [file];
  const footer = file.subarray(file.length - 48);
  const reader = { bytes: footer, at: 0 };
  varint(reader);
  varint(reader); // metaindex handle
  const indexOffset = varint(reader);
  const indexSize = varint(reader);
  const index = block(file, indexOffset, indexSize);
  const blocks = [index];
  for (const value of blockValues(index)) {
    const handle = { bytes: value, at: 0 };
    blocks.push(block(file, varint(handle), varint(handle)));
  }
  return blocks;
}

function varint(reader: { bytes: Buffer; at: number }): number {
  let result = 0;
  for (let shift = 0; shift < 64; shift += 7) {
    const byte = reader.bytes[reader.at++] as number;
    result += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return result;
  }
  throw new RangeError('varint too long');
}

/** A block's contents: its trailer byte says whether it is stored plain (0) or Snappy-compressed (1). */
function block(file: Buffer, offset: number, size: number): Buffer {
  const contents = file.subarray(offset, offset + size);
  return file[offset + size] === 1 ? snappyDecompress(contents) : contents;
}

/** The values of a block's entries (for the index block: the data block handles). */
function blockValues(contents: Buffer): Buffer[] {
  const restarts = contents.readUInt32LE(contents.length - 4);
  const end = contents.length - 4 - restarts * 4;
  const reader = { bytes: contents, at: 0 };
  const values: Buffer[] = [];
  while (reader.at < end) {
    varint(reader);
    const unshared = varint(reader);
    const valueLength = varint(reader);
    reader.at += unshared;
    values.push(contents.subarray(reader.at, reader.at + valueLength));
    reader.at += valueLength;
  }
  return values;
}

/** Snappy's raw format: literals and back-references after a varint of the uncompressed length. */
export function snappyDecompress(input: Buffer): Buffer {
  const reader = { bytes: input, at: 0 };
  const output = Buffer.alloc(varint(reader));
  let written = 0;
  while (reader.at < input.length) {
    const tag = input[reader.at++] as number;
    const type = tag & 3;
    if (type === 0) {
      let length = (tag >> 2) + 1;
      if (length > 60) {
        const extra = length - 60;
        length = input.readUIntLE(reader.at, extra) + 1;
        reader.at += extra;
      }
      input.copy(output, written, reader.at, reader.at + length);
      reader.at += length;
      written += length;
      continue;
    }
    let length: number;
    let offset: number;
    if (type === 1) {
      length = ((tag >> 2) & 7) + 4;
      offset = ((tag >> 5) << 8) | (input[reader.at++] as number);
    } else if (type === 2) {
      length = (tag >> 2) + 1;
      offset = input.readUInt16LE(reader.at);
      reader.at += 2;
    } else {
      length = (tag >> 2) + 1;
      offset = input.readUInt32LE(reader.at);
      reader.at += 4;
    }
    for (let index = 0; index < length; index += 1)
      output[written + index] = output[written - offset + index] as number;
    written += length;
  }
  return output;
}
