//! A TCP relay in front of PostgreSQL that a test can cut and restore, to see how the
//! application behaves while its database is unreachable.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// Relays connections from a local port to the real PostgreSQL until stopped.
pub struct Proxy {
    pub addr: SocketAddr,
    upstream: SocketAddr,
    stop: Arc<watch::Sender<bool>>,
    /// Bytes relayed towards PostgreSQL so far.
    sent: Arc<AtomicU64>,
}

impl Proxy {
    pub async fn start(upstream: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (tx, _) = watch::channel(false);
        let proxy = Proxy {
            addr,
            upstream,
            stop: Arc::new(tx),
            sent: Arc::new(AtomicU64::new(0)),
        };
        proxy.run(listener);
        proxy
    }

    fn run(&self, listener: TcpListener) {
        let upstream = self.upstream;
        let mut stopped = self.stop.subscribe();
        let stop = self.stop.clone();
        let sent = self.sent.clone();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = stopped.changed() => break,
                    accepted = listener.accept() => {
                        let Ok((client, _)) = accepted else { break };
                        let mut stopped = stop.subscribe();
                        let sent = sent.clone();
                        tokio::spawn(async move {
                            let Ok(server) = TcpStream::connect(upstream).await else { return };
                            let (mut from_client, mut to_client) = client.into_split();
                            let (mut from_server, mut to_server) = server.into_split();
                            let up = async {
                                let mut buf = vec![0u8; 64 << 10];
                                while let Ok(n) = from_client.read(&mut buf).await {
                                    if n == 0 || to_server.write_all(&buf[..n]).await.is_err() {
                                        break;
                                    }
                                    sent.fetch_add(n as u64, Ordering::Relaxed);
                                }
                            };
                            let down = tokio::io::copy(&mut from_server, &mut to_client);
                            tokio::select! {
                                _ = up => {},
                                _ = down => {},
                                _ = stopped.changed() => {},
                            }
                        });
                    }
                }
            }
        });
    }

    /// Bytes relayed towards PostgreSQL so far.
    pub fn sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }

    /// Closes the port and cuts every relayed connection.
    pub fn cut(&self) {
        let _ = self.stop.send(true);
    }

    /// Listens again on the same port.
    pub async fn restore(&mut self) {
        let listener = TcpListener::bind(self.addr)
            .await
            .expect("rebind the same port");
        self.stop = Arc::new(watch::channel(false).0);
        self.run(listener);
    }
}
