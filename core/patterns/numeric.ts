// EventBridge documents numeric matching for JSON numbers between -5.0e9 and +5.0e9 inclusive, precise to six
// digits after the decimal point. Values are compared in millionths, which stay exact integers in that range.
const NUMERIC_LIMIT = 5e9;
const MILLIONTHS = 1e6;

export interface NumericBound {
  millionths: number;
  inclusive: boolean;
}

/** Both bounds of a `numeric` filter; `=` is a range whose inclusive bounds coincide. */
export interface NumericRange {
  lower: NumericBound | undefined;
  upper: NumericBound | undefined;
}

type Operator = '=' | '<' | '<=' | '>' | '>=';
const OPERATORS: readonly string[] = ['=', '<', '<=', '>', '>='];

/** Digits after the decimal point of a number as JSON writes it shortest (`1e-7` has 7, `3.018e2` has 1). */
export function decimalPlaces(value: number): number {
  const match = /^-?\d+(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (!match) return 0;
  return Math.max(0, (match[1]?.length ?? 0) - Number(match[2] ?? 0));
}

function operandProblem(operator: string, operand: unknown): string | undefined {
  if (typeof operand !== 'number' || !Number.isFinite(operand)) return `value of ${operator} must be a number`;
  if (Math.abs(operand) > NUMERIC_LIMIT) return `${operand} is outside the supported range -5e9 to 5e9`;
  if (decimalPlaces(operand) > 6) return `${operand} has more than six digits after the decimal point`;
  return undefined;
}

/** The numeric-operand rules shared with `anything-but` number lists; returns a reason or undefined. */
export function numberOperandProblem(operand: number): string | undefined {
  return operandProblem('a number', operand);
}

function bound(operand: number, inclusive: boolean): NumericBound {
  return { millionths: Math.round(operand * MILLIONTHS), inclusive };
}

function single(operator: Operator, operand: number): NumericRange {
  switch (operator) {
    case '=':
      return { lower: bound(operand, true), upper: bound(operand, true) };
    case '<':
    case '<=':
      return { lower: undefined, upper: bound(operand, operator === '<=') };
    default:
      return { lower: bound(operand, operator === '>='), upper: undefined };
  }
}

/** Parses the array of a `numeric` filter (one or two comparisons); returns the reason it is invalid as a string. */
export function parseNumericRange(terms: unknown): NumericRange | string {
  if (!Array.isArray(terms)) return 'value must be an array';
  const [operator, operand, secondOperator, secondOperand] = terms;
  if (typeof operator !== 'string') return 'expected a comparison operator first';
  if (!OPERATORS.includes(operator)) return `unknown operator "${operator}"`;
  const problem = operandProblem(operator, operand);
  if (problem) return problem;
  const first = single(operator as Operator, operand as number);
  if (terms.length === 2) return first;
  if (operator !== '>' && operator !== '>=') return `too many elements after ${operator}`;
  if (secondOperator !== '<' && secondOperator !== '<=') return 'a lower bound can only be followed by < or <=';
  const secondProblem = operandProblem(secondOperator, secondOperand);
  if (secondProblem) return secondProblem;
  if (terms.length > 4) return 'too many elements in the range';
  const range = { lower: first.lower, upper: single(secondOperator, secondOperand as number).upper };
  if ((range.lower?.millionths ?? 0) >= (range.upper?.millionths ?? 0)) {
    return 'lower bound must be less than upper bound';
  }
  return range;
}

export function inNumericRange(range: NumericRange, value: number): boolean {
  if (!Number.isFinite(value) || Math.abs(value) > NUMERIC_LIMIT) return false;
  const millionths = Math.round(value * MILLIONTHS);
  const { lower, upper } = range;
  if (lower && (lower.inclusive ? millionths < lower.millionths : millionths <= lower.millionths)) return false;
  if (upper && (upper.inclusive ? millionths > upper.millionths : millionths >= upper.millionths)) return false;
  return true;
}
