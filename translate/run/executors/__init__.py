"""Where the model work of a run happens.

`local` (the default) runs both models in this process, through `ModelSession`. `ray`
(`executors.ray_executor`, the optional extra `translate[ray]`) sends only the model work —
sentences not in the sentence memory, and articles' English sentences to summarise — to Ray
Data actors that load each model on a worker; discovery, the lock, the state and sentence
memory, reading, segmenting and the atomic writes stay on this machine. `ray_cluster` joins
the cluster, `ray_pool` sizes the workers to its alive nodes, `ray_executor` sends the work
out and sends again what a lost worker or node did not bring back.
"""

