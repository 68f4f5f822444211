import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export const LOCAL_ROLES = ['customer', 'support', 'auditor', 'partner'] as const;
export type LocalRole = (typeof LOCAL_ROLES)[number];

/** The local sign-in form: the test identity to sign in as. */
export class LocalSignInForm {
  @IsString()
  csrf!: string;

  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, { message: 'the tenant id is 1 to 128 letters, digits, ".", "_" or "-"' })
  tenantId!: string;

  @IsString()
  @Matches(/^[^\s<>"]{1,200}$/, { message: 'the sign-in name is 1 to 200 characters without spaces, e.g. admin@contoso.onmicrosoft.com' })
  signInName!: string;

  @IsOptional()
  @IsIn(['yes'])
  globalAdmin?: 'yes';

  @IsIn(LOCAL_ROLES, { message: `the role is one of ${LOCAL_ROLES.join(', ')}` })
  role!: LocalRole;

  @IsOptional()
  @IsString()
  @Matches(/^$|^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$/, { message: 'the partner id is 1 to 64 letters, digits, "." or "-"' })
  partnerId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  returnTo?: string;
}

/** Forms that carry nothing but their CSRF token (sign out). */
export class TokenOnlyForm {
  @IsString()
  csrf!: string;
}
