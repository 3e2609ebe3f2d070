/** How the local runtime treats IAM: refuse what the stack does not allow, report it, or evaluate nothing. */
export type IamMode = 'enforce' | 'warn' | 'off';

export const IAM_MODES: readonly IamMode[] = ['enforce', 'warn', 'off'];

/** Whether a mode string is valid (`--iam`). */
export function isIamMode(value: string): value is IamMode {
  return (IAM_MODES as readonly string[]).includes(value);
}
