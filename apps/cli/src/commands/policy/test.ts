import { decideAccess, ErrorCode, GatewayError } from "@mcpgw/core";
import type { Principal } from "@mcpgw/core";
import { Flags } from "@oclif/core";
import { BaseCommand } from "../../base-command.js";
import { policyFlag, policyPath, readPolicyOrFail } from "../../policy-file.js";

export default class PolicyTest extends BaseCommand {
  static override summary = "May this caller call this tool? Answers, and names the rule and pattern that decide.";
  static override description =
    "The caller is --subject (an access token's `sub`, or a named token of the policy: then its scopes and `via: token` are taken from the file) " +
    "with --scope, --client and --via as an access token would carry them. Exits 0 when the call is allowed and 1 when it is denied.";
  static override examples = [
    "<%= config.bin %> policy test --subject ci-bot --tool notes:delete_note",
    "<%= config.bin %> policy test --subject alice@example.com --scope mcp:tools --tool clock:now --json",
  ];
  static override enableJsonFlag = true;
  static override flags = {
    policy: policyFlag,
    subject: Flags.string({ description: "who calls: an access token's subject, or a named token of the policy", required: true }),
    tool: Flags.string({ description: "the tool, as SERVER:TOOL", required: true }),
    scope: Flags.string({ description: "a scope the caller's access token carries (repeatable)", multiple: true }),
    client: Flags.string({ description: "the OAuth client the token was issued to" }),
    via: Flags.string({ description: "how the caller proved who it is", options: ["oauth", "token"] }),
    profile: Flags.string({ description: "the profile the call is made in (/mcp/PROFILE): rules that name profiles apply only there" }),
  };

  async run() {
    const { flags } = await this.parse(PolicyTest);
    const [server, tool, ...rest] = flags.tool.split(":");
    if (!server || !tool || rest.length > 0) throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `--tool takes SERVER:TOOL, not "${flags.tool}"`);
    // A name never holds `*`: read as one, `notes:*` would be "allowed" where `notes:delete_*` is denied.
    if (flags.tool.includes("*")) {
      throw new GatewayError(ErrorCode.INVALID_ARGUMENT, `--tool names one tool, not a pattern: "${flags.tool}"`, {
        suggestion: "ask about each tool in turn, e.g. --tool notes:delete_note",
      });
    }
    const file = policyPath(this.home, flags.policy);
    const { policy, tokens } = await readPolicyOrFail(file, (line) => this.notice(line));
    const token = flags.via === "oauth" ? undefined : tokens.find((t) => t.name === flags.subject);
    const principal: Principal = {
      via: (flags.via as Principal["via"] | undefined) ?? (token ? "token" : "oauth"),
      subject: flags.subject,
      scopes: [...(token?.scopes ?? []), ...(flags.scope ?? [])],
      ...(flags.client !== undefined ? { clientId: flags.client } : {}),
    };
    const decision = decideAccess(policy, principal, server, tool, flags.profile);
    if (!this.jsonEnabled()) {
      this.log(`${decision.allowed ? "allowed" : "denied"}: ${principal.subject} (${principal.via}) → ${server}:${tool}${flags.profile === undefined ? "" : ` in profile ${flags.profile}`}`);
      if (decision.byDefault) this.log(`  no rule applies to this caller: the policy's default is ${decision.byDefault}`);
      for (const match of decision.allowedBy) this.log(`  rule ${match.rule + 1} allows it (${match.pattern})`);
      for (const match of decision.deniedBy) this.log(`  rule ${match.rule + 1} denies it (${match.pattern})`);
      if (!decision.byDefault && decision.allowedBy.length === 0) this.log(`  ${noneAllows(decision.applying)}`);
    }
    if (!decision.allowed) process.exitCode = 1;
    return { file, principal, server, tool, ...(flags.profile === undefined ? {} : { profile: flags.profile }), ...decision };
  }
}

/** Why nothing allowed the call, with rules numbered from 1 as `policy show` numbers them. */
function noneAllows(applying: readonly number[]): string {
  const numbers = applying.map((r) => r + 1).join(", ");
  return applying.length === 1 ? `rule ${numbers} applies and does not allow it` : `rules ${numbers} apply and none allows it`;
}
