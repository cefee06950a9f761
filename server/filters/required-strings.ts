import 'server-only';
import type { ASTNode } from '@marcbachmann/cel-js';

/**
 * Strings that must be inside a JSON container variable for an expression to be true, found from the expression
 * alone: for `value.level == "error" && value.user == "ana"`, "error" and "ana" with `value` the variable.
 *
 * Sound because a conjunction is true only when every conjunct is (CEL's `&&` is false or an error otherwise, and
 * both mean "no match"), and `<var>.a[0].b == "lit"` is true only when `<var>` is a map or list (a select or index on
 * anything else is an error) holding the string "lit" somewhere inside. Only the top-level `&&` chain is read: a
 * comprehension could rebind the name below it. Strings with characters JSON must escape are left out, so that in a
 * JSON text without any backslash every such string appears as `"lit"` byte for byte.
 */
export function requiredStrings(ast: ASTNode, variable: string): string[] {
  if (ast.op === '&&') {
    const [left, right] = ast.args as [ASTNode, ASTNode];
    return [...requiredStrings(left, variable), ...requiredStrings(right, variable)];
  }
  if (ast.op !== '==') return [];
  const [left, right] = ast.args as [ASTNode, ASTNode];
  const literal = stringLiteral(left) ?? stringLiteral(right);
  const other = stringLiteral(left) === null ? left : right;
  return literal !== null && isInside(other, variable) ? [literal] : [];
}

/** Characters a JSON string carries raw: no quote, backslash, control character, or lone surrogate. */
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

function stringLiteral(node: ASTNode): string | null {
  return node.op === 'value' && typeof node.args === 'string' && PLAIN.test(node.args) ? node.args : null;
}

/** `<variable>` followed by at least one field select or literal index: something inside the variable's value. */
function isInside(node: ASTNode, variable: string): boolean {
  let steps = 0;
  let cur = node;
  for (;;) {
    if (cur.op === '.' && Array.isArray(cur.args) && typeof cur.args[1] === 'string') {
      cur = cur.args[0] as ASTNode;
    } else if (cur.op === '[]' && Array.isArray(cur.args) && isLiteralIndex(cur.args[1] as ASTNode)) {
      cur = cur.args[0] as ASTNode;
    } else {
      return steps > 0 && cur.op === 'id' && cur.args === variable;
    }
    steps++;
  }
}

function isLiteralIndex(node: ASTNode): boolean {
  return node.op === 'value' && (typeof node.args === 'string' || typeof node.args === 'bigint');
}
