import { Body, Container, Head, Heading, Html, Preview, Section, Text } from "@react-email/components";
import type { PasswordResetProps } from "@/lib/mail/messages";

/**
 * The password-reset e-mail. Its plain-text part must contain the code as its only 6-digit
 * number (people and mail clients pick it out), so the template holds no other long numbers:
 * no dates, years or ids. Preview it with `npm run email`.
 */

export default function PasswordResetEmail({ code, minutes }: PasswordResetProps) {
  const lifetime = `${minutes} minute${minutes === 1 ? "" : "s"}`;
  return (
    <Html lang="en">
      <Head />
      <Preview>Your code to reset your Accounts password</Preview>
      <Body style={body}>
        <Container style={container}>
          <Text style={brand}>Accounts</Text>
          <Heading as="h1" style={heading}>
            Reset your password
          </Heading>
          <Text style={paragraph}>Enter this code on the reset page to choose a new password:</Text>
          <Section style={codeBox}>
            <Text style={codeText}>{code}</Text>
          </Section>
          <Text style={paragraph}>The code is valid for {lifetime} and works once. A newer request replaces it.</Text>
          <Text style={muted}>If you did not ask for this, ignore this e-mail; your password stays as it is.</Text>
        </Container>
      </Body>
    </Html>
  );
}

PasswordResetEmail.PreviewProps = { code: "482915", minutes: 10 } satisfies PasswordResetProps;

const body = {
  backgroundColor: "#f4f4f5",
  fontFamily: "ui-sans-serif, system-ui, -apple-system, 'Segoe UI', sans-serif",
};
const container = {
  backgroundColor: "#ffffff",
  borderRadius: "12px",
  margin: "32px auto",
  maxWidth: "480px",
  padding: "32px",
};
const brand = { color: "#4338ca", fontSize: "14px", fontWeight: 600, margin: "0 0 8px" };
const heading = { color: "#18181b", fontSize: "22px", fontWeight: 600, margin: "0 0 16px" };
const paragraph = { color: "#3f3f46", fontSize: "15px", lineHeight: "24px" };
const codeBox = {
  backgroundColor: "#eef2ff",
  borderRadius: "8px",
  margin: "16px 0",
  padding: "8px 0",
  textAlign: "center" as const,
};
const codeText = {
  color: "#18181b",
  fontFamily: "ui-monospace, Menlo, monospace",
  fontSize: "32px",
  fontWeight: 700,
  letterSpacing: "6px",
  margin: 0,
};
const muted = { color: "#71717a", fontSize: "13px", lineHeight: "20px", marginTop: "24px" };
