import assert from 'node:assert/strict';

export interface ExpectedProblem {
  /** Names the case in failure messages. */
  name: string;
  status: number;
  /** JSON pointer the problem's `errors[].path` must name, when the refusal is about one field. */
  field?: string;
}

/**
 * The house rule for refusals: RFC 9457 problem+json with a stable `type`, the status in the body,
 * the offending field named, and never a stack trace.
 */
export async function assertProblem(res: Response, expected: ExpectedProblem): Promise<void> {
  const { name, status, field } = expected;
  assert.equal(res.status, status, `${name}: status`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/, `${name}: content type`);
  const problem = (await res.json()) as {
    type: string;
    status: number;
    errors?: { path: string }[];
    stack?: unknown;
  };
  assert.match(problem.type, /^https:\/\/errors\.ndg\.gov\.vn\//, `${name}: stable type`);
  assert.equal(problem.status, status, `${name}: status in the body`);
  assert.equal(problem.stack, undefined, `${name}: no stack`);
  assert.doesNotMatch(JSON.stringify(problem), /at .*\.js:\d+/, `${name}: no stack trace`);
  if (field)
    assert.ok(
      problem.errors?.some((e) => e.path === field),
      `${name}: names ${field}, got ${JSON.stringify(problem.errors)}`,
    );
}
