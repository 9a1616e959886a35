import type { User } from '$lib/server/users.ts';

declare global {
  namespace App {
    interface Locals {
      user: User | undefined;
      sessionToken: string | undefined;
    }
    interface Error {
      message: string;
    }
  }
}

export {};
