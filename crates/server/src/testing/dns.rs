//! A DNS server the tests control. It answers TXT questions over real UDP from a table
//! the test fills in, so domain verification runs through the production resolver and
//! only the name server it asks is swapped (`ServeConfig::dns_server`).

use hickory_resolver::proto::op::{Message, MessageType, ResponseCode};
use hickory_resolver::proto::rr::rdata::TXT;
use hickory_resolver::proto::rr::{RData, Record, RecordType};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::net::UdpSocket;
use tokio::task::JoinHandle;

#[derive(Default)]
struct Zone {
    txt: HashMap<String, Vec<String>>,
    /// Answer every question with SERVFAIL, as a broken upstream would.
    failing: bool,
}

pub struct TestDns {
    address: SocketAddr,
    zone: Arc<Mutex<Zone>>,
    task: JoinHandle<()>,
}

impl TestDns {
    pub async fn start() -> Self {
        let socket = UdpSocket::bind("127.0.0.1:0")
            .await
            .expect("a UDP port for the test DNS server");
        let address = socket.local_addr().expect("a bound socket has an address");
        let zone = Arc::new(Mutex::new(Zone::default()));
        let task = tokio::spawn(serve(socket, zone.clone()));
        Self {
            address,
            zone,
            task,
        }
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Publishes one more TXT string at `name`.
    pub fn publish_txt(&self, name: &str, text: &str) {
        let mut zone = self.zone.lock().expect("the zone lock is not poisoned");
        zone.txt
            .entry(name.trim_end_matches('.').to_ascii_lowercase())
            .or_default()
            .push(text.to_owned());
    }

    pub fn fail_every_query(&self, failing: bool) {
        self.zone
            .lock()
            .expect("the zone lock is not poisoned")
            .failing = failing;
    }
}

impl Drop for TestDns {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(socket: UdpSocket, zone: Arc<Mutex<Zone>>) {
    let mut buffer = [0u8; 4096];
    loop {
        let Ok((length, peer)) = socket.recv_from(&mut buffer).await else {
            continue;
        };
        let Ok(request) = Message::from_vec(&buffer[..length]) else {
            continue;
        };
        let reply = answer(
            &request,
            &zone.lock().expect("the zone lock is not poisoned"),
        );
        if let Ok(bytes) = reply.to_vec() {
            let _ = socket.send_to(&bytes, peer).await;
        }
    }
}

fn answer(request: &Message, zone: &Zone) -> Message {
    let mut reply = Message::new();
    reply
        .set_id(request.id())
        .set_message_type(MessageType::Response)
        .set_op_code(request.op_code())
        .set_recursion_desired(request.recursion_desired())
        .set_recursion_available(true)
        .add_queries(request.queries().to_vec());
    if zone.failing {
        reply.set_response_code(ResponseCode::ServFail);
        return reply;
    }
    for query in request.queries() {
        let name = query.name().to_ascii();
        let key = name.trim_end_matches('.').to_ascii_lowercase();
        match zone.txt.get(&key) {
            Some(texts) if query.query_type() == RecordType::TXT => {
                for text in texts {
                    reply.add_answer(Record::from_rdata(
                        query.name().clone(),
                        60,
                        RData::TXT(TXT::new(vec![text.clone()])),
                    ));
                }
            }
            Some(_) => {}
            None => {
                reply.set_response_code(ResponseCode::NXDomain);
            }
        }
    }
    reply
}
