import { createHash, timingSafeEqual } from 'node:crypto';

export type Role = 'instructor' | 'learner';

/** Which role a token opens, or null. A seam: the console knows tokens only through this. */
export type RoleResolver = (token: string) => Role | null;

/**
 * The instructor's token (LAB_ADMIN_TOKEN) and the class's learner token (LAB_LEARNER_TOKEN), compared
 * in constant time over their digests whatever the lengths. Without a learner token only the
 * instructor can log in.
 */
export function tokenRoles(tokens: { admin: string; learner?: string | undefined }): RoleResolver {
  const admin = digest(tokens.admin);
  const learner = tokens.learner ? digest(tokens.learner) : undefined;
  return (token) => {
    const given = digest(token);
    if (timingSafeEqual(given, admin)) return 'instructor';
    if (learner && timingSafeEqual(given, learner)) return 'learner';
    return null;
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
