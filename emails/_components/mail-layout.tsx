import type { ReactNode } from "react";
import { Body, Button, Container, Head, Heading, Html, Preview, Section, Text } from "@react-email/components";

/**
 * The frame every e-mail shares: brand line, heading, content. Templates hold no long numbers
 * other than their code (no dates, years or ids), so a code stays the only 6-digit number of its
 * plain text.
 */
export function MailLayout({ preview, heading, children }: { preview: string; heading: string; children: ReactNode }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={body}>
        <Container style={container}>
          <Text style={brand}>Accounts</Text>
          <Heading as="h1" style={headingStyle}>
            {heading}
          </Heading>
          {children}
        </Container>
      </Body>
    </Html>
  );
}

export function Paragraph({ children, muted = false }: { children: ReactNode; muted?: boolean }) {
  return <Text style={muted ? mutedStyle : paragraph}>{children}</Text>;
}

export function CodeBox({ code }: { code: string }) {
  return (
    <Section style={codeBox}>
      <Text style={codeText}>{code}</Text>
    </Section>
  );
}

/** A link that looks like a button: the one action of an e-mail. */
export function ButtonLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Section style={buttonRow}>
      <Button href={href} style={button}>
        {children}
      </Button>
    </Section>
  );
}

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
const headingStyle = { color: "#18181b", fontSize: "22px", fontWeight: 600, margin: "0 0 16px" };
const paragraph = { color: "#3f3f46", fontSize: "15px", lineHeight: "24px" };
const mutedStyle = { color: "#71717a", fontSize: "13px", lineHeight: "20px", marginTop: "24px" };
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
const buttonRow = { margin: "8px 0 16px" };
const button = {
  backgroundColor: "#4f46e5",
  borderRadius: "8px",
  color: "#ffffff",
  fontSize: "15px",
  fontWeight: 600,
  padding: "12px 20px",
  textDecoration: "none",
};
