//! The import's guard against server-side request forgery: a page is fetched only over
//! http or https, from an address on the public internet. The host is resolved here, every
//! address it resolves to is checked, and the connection is pinned to a checked address
//! (so a second, different DNS answer cannot slip in); each redirect is checked again by
//! the fetcher. An operator may allow named hosts (`BROKERDESK_KB_FETCH_ALLOW_HOSTS`),
//! which is how tests reach a page server on 127.0.0.1.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest::Url;

use super::FetchError;
use crate::dns::TxtResolver;

/// A host the operator allows, with or without a port.
#[derive(Clone, Debug, PartialEq, Eq)]
struct AllowedHost {
    host: String,
    port: Option<u16>,
}

/// The hosts the operator allows despite their addresses.
#[derive(Clone, Debug, Default)]
pub struct AllowList(Vec<AllowedHost>);

impl AllowList {
    /// Reads `host` and `host:port` entries (IPv6 literals in brackets); blank entries
    /// are ignored.
    pub fn parse(entries: &[String]) -> anyhow::Result<Self> {
        let mut hosts = Vec::new();
        for entry in entries.iter().map(|e| e.trim()).filter(|e| !e.is_empty()) {
            let host_chars = |c: char| c.is_ascii_alphanumeric() || ".-:[]_".contains(c);
            let url = Some(entry)
                .filter(|e| e.chars().all(host_chars))
                .and_then(|e| Url::parse(&format!("http://{e}/")).ok())
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "BROKERDESK_KB_FETCH_ALLOW_HOSTS: {entry:?} is not a host or host:port"
                    )
                })?;
            let host = url.host_str().ok_or_else(|| {
                anyhow::anyhow!("BROKERDESK_KB_FETCH_ALLOW_HOSTS: {entry:?} has no host")
            })?;
            // `Url` drops the default port, so say it was given when the entry has one.
            let port = url.port().or_else(|| entry.ends_with(":80").then_some(80));
            hosts.push(AllowedHost {
                host: host.to_ascii_lowercase(),
                port,
            });
        }
        Ok(Self(hosts))
    }

    fn allows(&self, host: &str, port: u16) -> bool {
        self.0
            .iter()
            .any(|allowed| allowed.host == host && allowed.port.is_none_or(|p| p == port))
    }
}

/// Where to connect for `url`: a checked address with the URL's port.
pub async fn check(
    url: &Url,
    allow: &AllowList,
    dns: &TxtResolver,
) -> Result<SocketAddr, FetchError> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(FetchError::refused(format!(
            "Only http and https pages can be imported, not {}: addresses.",
            url.scheme()
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(FetchError::refused(
            "Addresses with a user name or password cannot be imported.",
        ));
    }
    let host = url
        .host_str()
        .ok_or_else(|| FetchError::refused("The address has no host."))?
        .trim_end_matches('.')
        .to_ascii_lowercase();
    let port = url
        .port_or_known_default()
        .ok_or_else(|| FetchError::refused("The address has no port."))?;
    let allowed = allow.allows(&host, port);
    let literal = host.trim_start_matches('[').trim_end_matches(']');
    let addresses = match literal.parse::<IpAddr>() {
        Ok(ip) => vec![ip],
        Err(_) if host == "localhost" || host.ends_with(".localhost") => {
            vec![IpAddr::V4(Ipv4Addr::LOCALHOST)]
        }
        Err(_) => dns.ip_addresses(&host).await.map_err(|_| {
            FetchError::failed(format!("The address of {host} could not be looked up."))
        })?,
    };
    let Some(&first) = addresses.first() else {
        return Err(FetchError::failed(format!("{host} has no address.")));
    };
    if !allowed && let Some(blocked) = addresses.iter().find(|ip| !is_public(**ip)) {
        return Err(FetchError::refused(format!(
            "{host} is at {blocked}, which is not a public internet address, so it is not fetched."
        )));
    }
    Ok(SocketAddr::new(first, port))
}

/// Whether `ip` is on the public internet: not loopback, private, link-local, unique
/// local, unspecified, multicast, broadcast, documentation, shared (CGNAT) or reserved,
/// nor one of those inside an IPv6 form (IPv4-mapped, -compatible, NAT64, 6to4).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    let blocked = a == 0 // "this network", unspecified
        || a == 10 // private
        || a == 127 // loopback
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 169 && b == 254) // link-local
        || (a == 172 && (16..32).contains(&b)) // private
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 192 && b == 0 && c == 2) // documentation (TEST-NET-1)
        || (a == 192 && b == 88 && c == 99) // 6to4 relay anycast
        || (a == 192 && b == 168) // private
        || (a == 198 && (18..20).contains(&b)) // benchmarking
        || (a == 198 && b == 51 && c == 100) // documentation (TEST-NET-2)
        || (a == 203 && b == 0 && c == 113) // documentation (TEST-NET-3)
        || a >= 224; // multicast, reserved, broadcast
    !blocked
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let segments = ip.segments();
    let embedded_v4 = |high: usize| {
        let [a, b] = segments[high].to_be_bytes();
        let [c, d] = segments[high + 1].to_be_bytes();
        Ipv4Addr::new(a, b, c, d)
    };
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    match segments {
        // Unspecified, loopback, and the deprecated IPv4-compatible ::a.b.c.d.
        [0, 0, 0, 0, 0, 0, _, _] => false,
        // NAT64 (64:ff9b::/96): judged by the IPv4 address inside.
        [0x64, 0xff9b, 0, 0, 0, 0, _, _] => is_public_v4(embedded_v4(6)),
        // 6to4 (2002::/16): judged by the IPv4 address inside.
        [0x2002, _, _, _, _, _, _, _] => is_public_v4(embedded_v4(1)),
        // Teredo and ORCHID-like 2001::/23 assignments, documentation 2001:db8::/32.
        [0x2001, b, _, _, _, _, _, _] if b < 0x200 || b == 0x0db8 => false,
        // Discard-only 100::/64.
        [0x100, 0, 0, 0, _, _, _, _] => false,
        [first, _, _, _, _, _, _, _] => {
            let unique_local = first & 0xfe00 == 0xfc00;
            let link_local = first & 0xffc0 == 0xfe80;
            let site_local = first & 0xffc0 == 0xfec0;
            let multicast = first & 0xff00 == 0xff00;
            !(unique_local || link_local || site_local || multicast)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_pass() {
        let blocked = [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.254",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "240.0.0.1",
            "192.0.2.10",
            "198.51.100.7",
            "203.0.113.9",
            "198.18.0.1",
            "::",
            "::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "ff02::1",
            "2001:db8::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "64:ff9b::a00:1",
            "2002:7f00:1::",
            "2001::1",
            "fec0::1",
        ];
        for ip in blocked {
            assert!(!is_public(ip.parse().unwrap()), "{ip} passed");
        }
        let public = [
            "93.184.216.34",
            "8.8.8.8",
            "172.32.0.1",
            "100.128.0.1",
            "192.0.3.1",
            "2606:2800:220:1:248:1893:25c8:1946",
            "::ffff:93.184.216.34",
            "64:ff9b::808:808",
            "2002:808:808::",
        ];
        for ip in public {
            assert!(is_public(ip.parse().unwrap()), "{ip} was blocked");
        }
    }

    #[test]
    fn the_allow_list_names_hosts_with_or_without_a_port() {
        let list =
            AllowList::parse(&["127.0.0.1:8081".into(), " Pages.Test ".into(), "".into()]).unwrap();
        assert!(list.allows("127.0.0.1", 8081));
        assert!(!list.allows("127.0.0.1", 8082));
        assert!(list.allows("pages.test", 443));
        assert!(AllowList::parse(&["http://x y".into()]).is_err());
    }
}
