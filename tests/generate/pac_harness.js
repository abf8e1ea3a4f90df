// Evaluates a PAC file the way a browser does, with the standard helper functions, and prints
// FindProxyForURL's answer for each URL given: one "URL<TAB>answer" line each.
//   node pac_harness.js FILE.pac URL...
// DNS is a fixed table (--dns name=address,...), never the network: dnsResolve and isResolvable
// answer from it, isInNet resolves names through it. myIpAddress is 127.0.0.1.
'use strict';
const fs = require('fs');
const vm = require('vm');

function ipToInt(ip) {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

function helpers(dns) {
  const resolve = (host) => (ipToInt(host) !== null ? host : dns[host.toLowerCase()] || null);
  const shExp = (str, pattern) => {
    const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    return new RegExp('^' + re + '$').test(str);
  };
  return {
    isPlainHostName: (host) => host.indexOf('.') < 0,
    dnsDomainIs: (host, domain) =>
      host.length >= domain.length && host.substring(host.length - domain.length) === domain,
    localHostOrDomainIs: (host, hostdom) =>
      host === hostdom || (host.indexOf('.') < 0 && hostdom.indexOf(host + '.') === 0),
    isResolvable: (host) => resolve(host) !== null,
    isInNet: (host, pattern, mask) => {
      const ip = ipToInt(resolve(host) || '');
      const p = ipToInt(pattern);
      const m = ipToInt(mask);
      if (ip === null || p === null || m === null) return false;
      return ((ip & m) >>> 0) === ((p & m) >>> 0);
    },
    dnsResolve: (host) => resolve(host),
    myIpAddress: () => '127.0.0.1',
    dnsDomainLevels: (host) => host.split('.').length - 1,
    shExpMatch: shExp,
    // Time-based helpers are not what these tests are about: they never match.
    weekdayRange: () => false,
    dateRange: () => false,
    timeRange: () => false,
    convert_addr: (ip) => ipToInt(ip),
  };
}

function main(argv) {
  let dns = {};
  const args = [];
  for (const a of argv) {
    if (a.startsWith('--dns=')) {
      for (const pair of a.slice(6).split(',')) {
        const [name, address] = pair.split('=');
        if (name && address) dns[name.toLowerCase()] = address;
      }
    } else {
      args.push(a);
    }
  }
  if (args.length < 1) {
    process.stderr.write('usage: node pac_harness.js [--dns=name=addr,...] FILE.pac URL...\n');
    return 2;
  }
  const source = fs.readFileSync(args[0], 'utf8');
  const context = vm.createContext(helpers(dns));
  // Strict parsing first: a syntax error must fail the test, not be papered over.
  new vm.Script(source, { filename: args[0] }).runInContext(context, { timeout: 2000 });
  if (typeof context.FindProxyForURL !== 'function') {
    process.stderr.write('pac_harness: FindProxyForURL is not defined\n');
    return 1;
  }
  for (const url of args.slice(1)) {
    const host = new URL(url).hostname;
    const answer = context.FindProxyForURL(url, host);
    process.stdout.write(url + '\t' + answer + '\n');
  }
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  process.stderr.write('pac_harness: ' + e + '\n');
  process.exitCode = 1;
}
