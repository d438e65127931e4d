import { ApiError } from './client';

describe('ApiError', () => {
  it('keeps the problem code and field errors of a failed call', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', 'bad', [
      { path: 'name', message: 'required' },
    ]);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.errors).toEqual([{ path: 'name', message: 'required' }]);
  });
});
