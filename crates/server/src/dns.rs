//! Reading the DNS TXT records that prove a brokerage controls its custom domain, and
//! the addresses of the hosts the knowledge base's web import fetches from (which it
//! checks before it connects).
//!
//! The resolver is chosen by configuration: the system's (`/etc/resolv.conf`) in
//! production, or one named name server, which is how tests swap in a DNS server they
//! run themselves and control (see `testing::dns`).

use anyhow::Context;
use hickory_resolver::config::{NameServerConfig, ResolverConfig, ResolverOpts};
use hickory_resolver::name_server::TokioConnectionProvider;
use hickory_resolver::proto::ProtoErrorKind;
use hickory_resolver::proto::op::ResponseCode;
use hickory_resolver::proto::xfer::Protocol;
use hickory_resolver::{ResolveError, Resolver, TokioResolver};
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
#[error("the DNS lookup of {name} failed: {source}")]
pub struct DnsUnavailable {
    name: String,
    source: ResolveError,
}

#[derive(Clone)]
pub struct TxtResolver {
    resolver: TokioResolver,
}

impl TxtResolver {
    /// Asks `name_server` when given, otherwise the servers the host is configured with.
    pub fn new(name_server: Option<SocketAddr>) -> anyhow::Result<Self> {
        let mut builder = match name_server {
            Some(address) => {
                let mut config = ResolverConfig::new();
                config.add_name_server(NameServerConfig::new(address, Protocol::Udp));
                Resolver::builder_with_config(config, TokioConnectionProvider::default())
            }
            None => Resolver::builder_tokio().context(
                "cannot read the host's DNS configuration (/etc/resolv.conf); set BROKERDESK_DNS_SERVER to a DNS server's ip:port",
            )?,
        };
        *builder.options_mut() = lookup_options();
        Ok(Self {
            resolver: builder.build(),
        })
    }

    /// Every TXT string published at `name`; empty when the name or its records do not
    /// exist, which for a verification is "not published yet", not a failure.
    pub async fn txt_records(&self, name: &str) -> Result<Vec<String>, DnsUnavailable> {
        // The trailing dot makes the name absolute, so no search domain is appended.
        match self.resolver.txt_lookup(format!("{name}.")).await {
            Ok(lookup) => Ok(lookup
                .iter()
                .map(|txt| {
                    // A TXT record may be split into several strings; they form one text.
                    txt.txt_data()
                        .iter()
                        .map(|part| String::from_utf8_lossy(part))
                        .collect::<String>()
                })
                .collect()),
            Err(error) if means_not_published(&error) => Ok(Vec::new()),
            Err(source) => Err(DnsUnavailable {
                name: name.to_owned(),
                source,
            }),
        }
    }
}

impl TxtResolver {
    /// The addresses `host` resolves to (A and AAAA); empty when it has none.
    pub async fn ip_addresses(&self, host: &str) -> Result<Vec<IpAddr>, DnsUnavailable> {
        match self.resolver.lookup_ip(format!("{host}.")).await {
            Ok(lookup) => Ok(lookup.iter().collect()),
            Err(error) if means_not_published(&error) => Ok(Vec::new()),
            Err(source) => Err(DnsUnavailable {
                name: host.to_owned(),
                source,
            }),
        }
    }
}

/// The name exists without TXT records, or does not exist: an answer, not a failure. A
/// server failure or a refusal also arrives as "no records", but with its error code.
fn means_not_published(error: &ResolveError) -> bool {
    matches!(
        error.proto().map(|proto| proto.kind()),
        Some(ProtoErrorKind::NoRecordsFound {
            response_code: ResponseCode::NoError | ResponseCode::NXDomain,
            ..
        })
    )
}

fn lookup_options() -> ResolverOpts {
    let mut options = ResolverOpts::default();
    // Someone who has just published the record clicks "verify" again: an answer
    // remembered from the first try must not make them wait out its TTL.
    options.cache_size = 0;
    options.timeout = Duration::from_secs(3);
    options.attempts = 2;
    options
}
