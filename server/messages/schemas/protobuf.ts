import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import 'protobufjs/ext/descriptor';
import { fromJson } from 'protobufjs/ext/protojson';
import { errorText, type Codec } from './codec';
import { toJsonLike } from './json-like';

const TO_OBJECT: protobuf.IConversionOptions = { longs: BigInt, enums: String, bytes: String, defaults: true, arrays: true, objects: true };

/** A .proto file (imports resolved next to it), or else a binary FileDescriptorSet (protoc --descriptor_set_out). */
function loadRoot(file: string): protobuf.Root {
  // keepCase: field names as the .proto spells them, as Confluent's and protoc's JSON output show them too.
  if (file.endsWith('.proto')) {
    const root = new protobuf.Root().loadSync(file, { keepCase: true });
    root.resolveAll();
    return root;
  }
  return protobuf.Root.fromDescriptor(readFileSync(file), { keepCase: true });
}

function messageTypes(ns: protobuf.NamespaceBase): protobuf.Type[] {
  return ns.nestedArray.filter((o): o is protobuf.Type => o instanceof protobuf.Type);
}

/** The message types declared at the top of the file `top` comes from, in declaration order. */
function fileMessages(top: protobuf.Type): protobuf.Type[] {
  const parent = top.parent;
  if (!parent) return [top];
  return messageTypes(parent).filter((t) => t.filename === top.filename);
}

/** The Confluent message-index path of a type: its position among the file's messages, then among nested ones. */
function indexPath(type: protobuf.Type): number[] {
  const path: number[] = [];
  let t = type;
  while (t.parent instanceof protobuf.Type) {
    path.unshift(messageTypes(t.parent).indexOf(t));
    t = t.parent;
  }
  path.unshift(fileMessages(t).indexOf(t));
  return path;
}

function typeAt(anyInFile: protobuf.Type, indexes: readonly number[]): protobuf.Type {
  let top = anyInFile;
  while (top.parent instanceof protobuf.Type) top = top.parent;
  let candidates = fileMessages(top);
  let found: protobuf.Type | undefined;
  for (const i of indexes) {
    found = candidates[i];
    if (!found) throw new Error(`message index path [${indexes.join(', ')}] names no message in ${top.filename ?? 'the schema file'}`);
    candidates = messageTypes(found);
  }
  if (!found) throw new Error('empty message index path');
  return found;
}

export function protobufCodec(file: string, messageType: string | undefined): Codec {
  const root = loadRoot(file);
  let type: protobuf.Type;
  if (messageType) {
    type = root.lookupType(messageType);
  } else {
    // Without messageType: the file's first message, as Confluent's empty index array means.
    const first = root.nestedArray.length ? findFirstMessage(root) : null;
    if (!first) throw new Error(`${file} declares no message type`);
    type = first;
  }
  const problems = (value: unknown): string[] => {
    try {
      fromJson(type, value);
      return [];
    } catch (e) {
      return [errorText(e)];
    }
  };
  return {
    format: 'protobuf',
    name: type.fullName.replace(/^\./, ''),
    messageIndexes: indexPath(type),
    decode(payload, indexes) {
      const t = indexes ? typeAt(type, indexes) : type;
      return toJsonLike(t.toObject(t.decode(payload), TO_OBJECT));
    },
    encode(value) {
      let message: protobuf.Message;
      try {
        message = fromJson(type, value);
      } catch (e) {
        throw new Error(`does not match ${type.fullName.replace(/^\./, '')}: ${errorText(e)}`);
      }
      return Buffer.from(type.encode(message).finish());
    },
    validate: problems,
  };
}

function findFirstMessage(ns: protobuf.NamespaceBase): protobuf.Type | null {
  for (const o of ns.nestedArray) {
    if (o instanceof protobuf.Type) return o;
    if (o instanceof protobuf.Namespace) {
      const inner = findFirstMessage(o);
      if (inner) return inner;
    }
  }
  return null;
}
