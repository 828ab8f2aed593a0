//! Where webhooks may be sent. A webhook is a request the service makes on a caller's say-so,
//! so it must not become a way into the service's own network (SSRF): addresses are refused
//! when they are internal (loopback, private, link-local — cloud metadata lives there —,
//! shared, unspecified, multicast), unless the deployment allows that (`dev`, `test`), and when
//! they are not on `webhooks.allowed_hosts`, if it names some. Names are checked when an
//! endpoint is registered and again on every connection (`GuardedResolver`), so a name that
//! later resolves inside is refused too; redirects are never followed.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::Url;
use tokio::net::lookup_host;

use crate::error::Error;
use crate::settings::WebhookSettings;

/// The longest a name may take to resolve (a registration waits for it).
const LOOKUP: std::time::Duration = std::time::Duration::from_secs(3);

/// The policy of one deployment.
#[derive(Debug, Clone)]
pub struct Destinations {
    allow_private: bool,
    allowed_hosts: Vec<String>,
}

/// Why an address was refused: the rule, and what broke it.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct Refusal {
    pub rule: &'static str,
    pub message: String,
}

impl Refusal {
    fn new(rule: &'static str, message: impl Into<String>) -> Self {
        Refusal {
            rule,
            message: message.into(),
        }
    }

    /// As a 422 on the `url` field.
    pub fn into_error(self) -> Error {
        Error::invalid("url", self.rule, self.message)
    }
}

/// Internal addresses: what a webhook must not reach outside `dev` and `test`.
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => internal_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => internal_v4(v4),
            None => internal_v6(v6),
        },
    }
}

fn internal_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        // "This network" (0/8), carrier NAT (100.64/10), IETF protocol assignments (192.0.0/24),
        // benchmarking (198.18/15) and the reserved 240/4.
        || a == 0
        || (a == 100 && (64..128).contains(&b))
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (b == 18 || b == 19))
        || a >= 240
}

fn internal_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    // IPv4 carried inside IPv6 reaches that IPv4 address: NAT64 (64:ff9b::/96), IPv4-compatible
    // (::a.b.c.d) and 6to4 (2002::/16); the local NAT64 prefix (64:ff9b:1::/48) is internal.
    let embedded = |hi: u16, lo: u16| Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    let inside = match s {
        [0x64, 0xff9b, 0, 0, 0, 0, hi, lo] => Some(embedded(hi, lo)),
        [0, 0, 0, 0, 0, 0, hi, lo] if hi != 0 => Some(embedded(hi, lo)),
        [0x2002, hi, lo, ..] => Some(embedded(hi, lo)),
        _ => None,
    };
    if inside.is_some_and(internal_v4) {
        return true;
    }
    ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || ip.is_unique_local()
        || ip.is_unicast_link_local()
        // Site-local (fec0::/10, deprecated but routed by some networks) and local NAT64.
        || (s[0] & 0xffc0) == 0xfec0
        || (s[0] == 0x64 && s[1] == 0xff9b && s[2] == 1)
}

impl Destinations {
    pub fn new(settings: &WebhookSettings) -> Self {
        Destinations {
            allow_private: settings.allow_private,
            allowed_hosts: settings
                .allowed_hosts
                .iter()
                .map(|h| h.trim().to_ascii_lowercase())
                .collect(),
        }
    }

    fn host_listed(&self, host: &str) -> bool {
        self.allowed_hosts.is_empty()
            || self
                .allowed_hosts
                .iter()
                .any(|allowed| match allowed.strip_prefix("*.") {
                    Some(domain) => host
                        .strip_suffix(domain)
                        .is_some_and(|sub| sub.len() > 1 && sub.ends_with('.')),
                    None => host == allowed,
                })
    }

    fn address_allowed(&self, ip: IpAddr) -> bool {
        self.allow_private || !is_internal(ip)
    }

    /// The address's form and host, without resolving it: a URL with an `http` or `https`
    /// scheme, no credentials, a listed host, and no internal address literal.
    pub fn parse(&self, text: &str) -> Result<Url, Refusal> {
        if text.len() > super::MAX_URL {
            return Err(Refusal::new(
                "length",
                format!("at most {} characters", super::MAX_URL),
            ));
        }
        // The text itself, as the schema's pattern states it (the URL parser would forgive
        // `https:host`, spaces and line breaks).
        crate::validate::http_url_shape(text).map_err(|(rule, why)| Refusal::new(rule, why))?;
        let url =
            Url::parse(text).map_err(|e| Refusal::new("format", format!("not a URL: {e}")))?;
        let host = match url.host() {
            Some(url::Host::Domain(d)) => d.to_ascii_lowercase(),
            Some(url::Host::Ipv4(ip)) => ip.to_string(),
            Some(url::Host::Ipv6(ip)) => ip.to_string(),
            None => return Err(Refusal::new("format", "must name a host")),
        };
        if !self.host_listed(&host) {
            return Err(Refusal::new(
                "host_not_allowed",
                format!("host {host} is not on this deployment's webhooks.allowed_hosts"),
            ));
        }
        let literal = match url.host() {
            Some(url::Host::Ipv4(ip)) => Some(IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => Some(IpAddr::V6(ip)),
            _ => None,
        };
        if let Some(ip) = literal {
            if !self.address_allowed(ip) {
                return Err(internal(&host));
            }
        }
        Ok(url)
    }

    /// `parse`, then the host's name resolved now: every address it has must be allowed.
    pub async fn check(&self, text: &str) -> Result<Url, Refusal> {
        let url = self.parse(text)?;
        if let Some(url::Host::Domain(name)) = url.host() {
            let port = url.port_or_known_default().unwrap_or(443);
            let unresolvable = |e: &dyn std::fmt::Display| {
                Refusal::new("unresolvable", format!("{name} does not resolve: {e}"))
            };
            let addresses: Vec<SocketAddr> =
                tokio::time::timeout(LOOKUP, lookup_host((name, port)))
                    .await
                    .map_err(|e| unresolvable(&e))?
                    .map_err(|e| unresolvable(&e))?
                    .collect();
            if addresses.is_empty() {
                return Err(Refusal::new(
                    "unresolvable",
                    format!("{name} has no address"),
                ));
            }
            if addresses.iter().any(|a| !self.address_allowed(a.ip())) {
                return Err(internal(name));
            }
        }
        Ok(url)
    }

    /// A resolver for the delivering client that drops internal addresses (and fails when
    /// none is left), so the connection is made only to what the check allowed.
    pub fn resolver(&self) -> GuardedResolver {
        GuardedResolver {
            allow_private: self.allow_private,
        }
    }
}

/// The address itself is not named: the answer must not map a deployment's internal names.
fn internal(host: &str) -> Refusal {
    Refusal::new(
        "internal_address",
        format!(
            "{host} is, or resolves to, an internal address: webhooks reach public addresses only"
        ),
    )
}

/// Resolves names for deliveries, keeping only the addresses webhooks may reach.
#[derive(Debug, Clone)]
pub struct GuardedResolver {
    allow_private: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let all: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = all
                .iter()
                .copied()
                .filter(|a| allow_private || !is_internal(a.ip()))
                .collect();
            if allowed.is_empty() {
                let refusal = match all.first() {
                    Some(_) => internal(&host),
                    None => Refusal::new("unresolvable", format!("{host} has no address")),
                };
                return Err(Box::new(refusal) as Box<dyn std::error::Error + Send + Sync>);
            }
            let addrs: Addrs = Box::new(allowed.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(allow_private: bool, hosts: &[&str]) -> Destinations {
        Destinations {
            allow_private,
            allowed_hosts: hosts.iter().map(|h| h.to_string()).collect(),
        }
    }

    #[test]
    fn internal_addresses_are_refused_in_every_spelling() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
            "64:ff9b:1::1",
            "::10.0.0.1",
            "2002:c0a8:0101::1",
            "fec0::1",
            "192.0.0.8",
            "198.18.0.1",
            "240.0.0.1",
        ] {
            assert!(is_internal(ip.parse().unwrap()), "{ip}");
        }
        for ip in [
            "8.8.8.8",
            "101.6.6.6",
            "2400:3200::1",
            "64:ff9b::808:808",
            "2002:808:808::1",
        ] {
            assert!(!is_internal(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn addresses_break_the_rule_they_break() {
        let p = policy(false, &[]);
        let rule = |u: &str| p.parse(u).map(|_| "ok").unwrap_or_else(|r| r.rule);
        assert_eq!(rule("https://hooks.example.com/x"), "ok");
        assert_eq!(rule("ftp://hooks.example.com/x"), "scheme");
        assert_eq!(rule("https://u:p@hooks.example.com/x"), "credentials");
        assert_eq!(rule("not a url"), "scheme");
        assert_eq!(rule("https:hooks.example.com"), "scheme");
        assert_eq!(rule("https://hooks.example.com/a b"), "format");
        assert_eq!(rule("https:///x"), "format");
        assert_eq!(rule("HTTPS://hooks.example.com/x@y"), "ok");
        assert_eq!(rule("http://127.0.0.1:9/x"), "internal_address");
        assert_eq!(rule("http://[::ffff:a9fe:a9fe]/latest"), "internal_address");
        assert_eq!(
            rule(&format!("https://e.com/{}", "a".repeat(2000))),
            "length"
        );
        assert_eq!(
            policy(true, &[])
                .parse("http://127.0.0.1:9/x")
                .map(|_| ())
                .ok(),
            Some(())
        );
    }

    #[test]
    fn allowed_hosts_take_exact_names_and_subdomains() {
        let p = policy(false, &["hooks.example.com", "*.gov.cn"]);
        assert!(p.parse("https://hooks.example.com/x").is_ok());
        assert!(p.parse("https://HOOKS.example.com/x").is_ok());
        assert!(p.parse("https://zsj.hebei.gov.cn/x").is_ok());
        for refused in [
            "https://example.com/x",
            "https://gov.cn/x",
            "https://evilgov.cn/x",
        ] {
            assert_eq!(
                p.parse(refused).unwrap_err().rule,
                "host_not_allowed",
                "{refused}"
            );
        }
    }
}
