/**
 * Decoding of the OTLP common messages (opentelemetry.proto.common.v1 / resource.v1), field
 * numbers from the OTLP specification. Fields are matched on the whole tag (field number and wire
 * type together), so a field sent with an unexpected wire type is skipped like an unknown one
 * instead of being misread.
 */
import type { Reader } from 'protobufjs/minimal';
import type { AttrMap, AttrValue, InstrumentationScope } from '../model';
import { MAX_ANY_VALUE_DEPTH, TOO_DEEP_VALUE } from './decode-error';
import { setAttr } from './item-validation';
import { expectEnd, messageEnd, readInt64, readCachedString, skipField } from './protobuf-wire';

// Tags are (field_number << 3) | wire_type.
const ANY_STRING = (1 << 3) | 2;
const ANY_BOOL = (2 << 3) | 0;
const ANY_INT = (3 << 3) | 0;
const ANY_DOUBLE = (4 << 3) | 1;
const ANY_ARRAY = (5 << 3) | 2;
const ANY_KVLIST = (6 << 3) | 2;
const ANY_BYTES = (7 << 3) | 2;
const KV_KEY = (1 << 3) | 2;
const KV_VALUE = (2 << 3) | 2;
/** ArrayValue.values and KeyValueList.values are both field 1. */
const LIST_VALUES = (1 << 3) | 2;
const RESOURCE_ATTRIBUTES = (1 << 3) | 2;
const SCOPE_NAME = (1 << 3) | 2;
const SCOPE_VERSION = (2 << 3) | 2;
const SCOPE_ATTRIBUTES = (3 << 3) | 2;

/** AnyValue (length-delimited, at the reader's position). An empty AnyValue is null. */
export function readAnyValue(r: Reader, depth: number): AttrValue {
  const end = messageEnd(r);
  let value: AttrValue = null;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case ANY_STRING: value = readCachedString(r); break;
      case ANY_BOOL: value = r.bool(); break;
      case ANY_INT: value = readInt64(r); break;
      case ANY_DOUBLE: value = r.double(); break;
      case ANY_ARRAY: value = depth < MAX_ANY_VALUE_DEPTH ? readArrayValue(r, depth + 1) : skipTooDeep(r); break;
      case ANY_KVLIST: value = depth < MAX_ANY_VALUE_DEPTH ? readKeyValueList(r, depth + 1) : skipTooDeep(r); break;
      case ANY_BYTES: value = (r.bytes() as Buffer).toString('base64'); break;
      default: skipField(r, tag);
    }
  }
  expectEnd(r, end);
  return value;
}

/**
 * Malformed (or hostile) telemetry: a list nested deeper than MAX_ANY_VALUE_DEPTH. Its bytes are
 * stepped over in one move, without looking inside, so no depth of nesting can recurse further;
 * the marker keeps the place of what was dropped. Its length is still checked against the message.
 */
function skipTooDeep(r: Reader): AttrValue {
  r.pos = messageEnd(r);
  return TOO_DEEP_VALUE;
}

function readArrayValue(r: Reader, depth: number): AttrValue[] {
  const end = messageEnd(r);
  const values: AttrValue[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === LIST_VALUES) values.push(readAnyValue(r, depth));
    else skipField(r, tag);
  }
  expectEnd(r, end);
  return values;
}

function readKeyValueList(r: Reader, depth: number): AttrMap {
  const end = messageEnd(r);
  const map: AttrMap = {};
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === LIST_VALUES) readKeyValueInto(r, map, depth);
    else skipField(r, tag);
  }
  expectEnd(r, end);
  return map;
}

/** One KeyValue message into `map`. A key sent twice keeps the last value. */
export function readKeyValueInto(r: Reader, map: AttrMap, depth: number): void {
  const end = messageEnd(r);
  let key = '';
  let value: AttrValue = null;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === KV_KEY) key = readCachedString(r);
    else if (tag === KV_VALUE) value = readAnyValue(r, depth);
    else skipField(r, tag);
  }
  expectEnd(r, end);
  setAttr(map, key, value);
}

/** Resource: only its attributes matter here. */
export function readResource(r: Reader): AttrMap {
  const end = messageEnd(r);
  const attributes: AttrMap = {};
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === RESOURCE_ATTRIBUTES) readKeyValueInto(r, attributes, 0);
    else skipField(r, tag);
  }
  expectEnd(r, end);
  return attributes;
}

export function readScope(r: Reader): InstrumentationScope {
  const end = messageEnd(r);
  const scope: InstrumentationScope = { name: '' };
  let attributes: AttrMap | undefined;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case SCOPE_NAME: scope.name = r.string(); break;
      case SCOPE_VERSION: scope.version = r.string(); break;
      case SCOPE_ATTRIBUTES: readKeyValueInto(r, (attributes ??= {}), 0); break;
      default: skipField(r, tag);
    }
  }
  expectEnd(r, end);
  if (scope.version === '') delete scope.version;
  if (attributes) scope.attributes = attributes;
  return scope;
}
