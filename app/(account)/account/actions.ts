"use server";

import { signOut } from "@/lib/session/next-auth";

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in?notice=signed-out" });
}
