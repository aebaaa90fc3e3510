/** An IPv4 (4 bytes) or IPv6 (16 bytes) address. */
export type IpAddress = Uint8Array;

/** An address block: the addresses sharing the first `maskBits` bits of `network`. */
export interface CidrBlock {
  network: IpAddress;
  maskBits: number;
}

// EventBridge only treats plain dotted quads and hex-and-colon forms as addresses (no zone ids, no embedded IPv4).
const IPV4_FORM = /^\d+\.\d+\.\d+\.\d+$/;
const IPV6_FORM = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;
const DECIMAL_OCTET = /^(0|[1-9]\d{0,2})$/;

function parseIpv4(text: string): IpAddress | undefined {
  const octets = text.split('.');
  if (!octets.every((octet) => DECIMAL_OCTET.test(octet) && Number(octet) <= 255)) return undefined;
  return Uint8Array.from(octets, Number);
}

function parseHexGroups(text: string): number[] | undefined {
  if (text === '') return [];
  const groups = text.split(':');
  return groups.every((group) => HEX_GROUP.test(group)) ? groups.map((group) => Number.parseInt(group, 16)) : undefined;
}

function parseIpv6(text: string): IpAddress | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = parseHexGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? parseHexGroups(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  const zeros = 8 - head.length - tail.length;
  if (halves.length === 2 ? zeros < 1 : zeros !== 0) return undefined;
  const groups = [...head, ...new Array<number>(zeros).fill(0), ...tail];
  return Uint8Array.from(groups.flatMap((group) => [group >> 8, group & 0xff]));
}

/** Parses an IP address literal the way EventBridge recognises one; anything else is not an address. */
export function parseIpAddress(text: string): IpAddress | undefined {
  if (IPV4_FORM.test(text)) return parseIpv4(text);
  if (IPV6_FORM.test(text)) return parseIpv6(text);
  return undefined;
}

export function sameIpAddress(left: IpAddress, right: IpAddress): boolean {
  return left.length === right.length && left.every((byte, index) => byte === right[index]);
}

/** Parses `address/bits`; returns the reason it is invalid as a string. */
export function parseCidrBlock(text: string): CidrBlock | string {
  const parts = text.split('/');
  if (parts.length !== 2) return 'exactly one "/" is required';
  const [addressText = '', bitsText = ''] = parts;
  if (!/^[+-]?\d{1,9}$/.test(bitsText)) return 'mask bits must be an integer';
  const maskBits = Number(bitsText);
  if (maskBits < 0) return 'mask bits must not be negative';
  const network = parseIpAddress(addressText);
  if (!network) return `"${addressText}" is not an IPv4 or IPv6 address`;
  const familyBits = network.length * 8;
  if (maskBits >= familyBits) {
    return `${familyBits === 32 ? 'IPv4' : 'IPv6'} mask bits must be less than ${familyBits}`;
  }
  return { network, maskBits };
}

export function cidrContains(block: CidrBlock, address: IpAddress): boolean {
  if (address.length !== block.network.length) return false;
  for (let bit = 0; bit < block.maskBits; bit += 1) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if (((address[byte] ?? 0) & mask) !== ((block.network[byte] ?? 0) & mask)) return false;
  }
  return true;
}
