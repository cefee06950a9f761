import { describe, expect, it } from 'vitest';
import { compileFilter, KAFKA_FILTER_VARIABLES } from './cel';

const must = (expression: string) => compileFilter(expression, KAFKA_FILTER_VARIABLES).valueMustHold;

describe('strings a value must hold for a filter to match', () => {
  it('reads equalities with a string literal inside the value along the top-level && chain', () => {
    expect(must('value.level == "error" && value.user == "ana"')).toEqual(['error', 'ana']);
    expect(must('"error" == value.level')).toEqual(['error']);
    expect(must('value["level"] == "error" && (value.a.b[0] == "x" && partition == 1)')).toEqual(['error', 'x']);
    expect(must('value.level == "error" && value.level == "error"')).toEqual(['error']);
    expect(must('value.name == "José"')).toEqual(['José']);
  });

  it('finds nothing where a match does not need the string: other operators, other variables, the value itself', () => {
    expect(must('value.level == "error" || value.user == "ana"')).toEqual([]);
    expect(must('!(value.level == "error")')).toEqual([]);
    expect(must('value.level != "error"')).toEqual([]);
    expect(must('value == "error"')).toEqual([]);
    expect(must('key.level == "error"')).toEqual([]);
    expect(must('headers.level == "error"')).toEqual([]);
    expect(must('value.n == 3')).toEqual([]);
    expect(must('value.level.contains("err")')).toEqual([]);
    expect(must('value[value.k] == "x"')).toEqual([]);
    expect(must('[{"level": "error"}].exists(value, value.level == "error")')).toEqual([]);
    expect(must('(value.level == "error" ? true : false)')).toEqual([]);
  });

  it('leaves out strings JSON would escape, which a value may spell otherwise', () => {
    expect(must('value.q == "say \\"hi\\""')).toEqual([]);
    expect(must('value.p == "a\\\\b"')).toEqual([]);
    expect(must('value.t == "tab\\there"')).toEqual([]);
    expect(must('value.level == "error" && value.q == "\\""')).toEqual(['error']);
  });
});
