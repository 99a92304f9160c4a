import { describe, expect, it } from "vitest";
import { classifyAddress, isLoopback, isPublicAddress } from "./address-class.js";

describe("classifyAddress", () => {
  it.each([
    ["8.8.8.8", "public"],
    ["1.1.1.1", "public"],
    ["192.0.2.2", "public"],
    ["172.15.255.255", "public"],
    ["172.32.0.1", "public"],
    ["100.63.255.255", "public"],
    ["100.128.0.0", "public"],
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["10.0.0.1", "private"],
    ["10.255.255.255", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "shared"],
    ["100.127.255.255", "shared"],
    ["169.254.169.254", "link-local"],
    ["169.254.0.1", "link-local"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.255", "reserved"],
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    ["::", "unspecified"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["febf::1", "link-local"],
    ["fec0::1", "public"],
    ["fc00::1", "unique-local"],
    ["fd12:3456::1", "unique-local"],
    ["ff02::1", "multicast"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:a9fe:a9fe", "link-local"],
    ["::ffff:8.8.8.8", "public"],
    ["::10.0.0.1", "private"],
    ["2606:4700::1111", "public"],
    ["2001:db8::1", "public"],
  ])("%s is %s", (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it.each(["example.com", "", "10.0.0", "1.2.3.256", "::g", "localhost"])("%j is not an address", (text) => {
    expect(classifyAddress(text)).toBeUndefined();
  });

  it("calls only public addresses public", () => {
    expect(isPublicAddress("8.8.8.8")).toBe(true);
    expect(isPublicAddress("192.168.0.1")).toBe(false);
    expect(isPublicAddress("not an address")).toBe(false);
  });
});

describe("isLoopback", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.1.2.3", true],
    ["127.255.255.254", true],
    ["localhost", true],
    ["LOCALHOST", true],
    ["localhost.", true],
    ["::1", true],
    ["[::1]", true],
    ["[::ffff:7f00:1]", true],
    ["::ffff:127.0.0.1", true],
    ["0.0.0.0", false],
    ["::", false],
    ["[::]", false],
    ["10.0.0.1", false],
    ["126.0.0.1", false],
    ["128.0.0.1", false],
    ["192.168.1.10", false],
    ["[fe80::1]", false],
    ["[::ffff:a00:1]", false],
    ["127.0.0.1.example.com", false],
    ["gateway", false],
    ["gateway.internal", false],
    ["example.com", false],
  ])("isLoopback(%s) is %s", (host, loopback) => {
    expect(isLoopback(host)).toBe(loopback);
  });
});
