# Does the meProp gradient vanish where the true gradient does? Train densely (Adam, 2 epochs) to near a
# minimum, then average over 20,000 training examples (200 batches of 100) the true gradient and the
# per-example / unified top-k gradients at that fixed model. Norms of the averages (the systematic part)
# and the mean per-batch norms (signal + noise).
import numpy as np, sys, os
exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)),'diag_common.py')).read())
k=int(sys.argv[1]) if len(sys.argv)>1 else 20
t=0; perm=rng.permutation(55000)
for ep in range(2):
    for s in range(550):
        b=perm[s*100:s*100+100]; h=fwd(X[b],W,B); L,g=lossgrad(h,Y[b]); G,_=backward(h,g,W,500,'dense'); t+=1
        lr=1e-3*np.sqrt(1-0.999**t)/(1-0.9**t)
        for j in range(6):
            d=np.clip(G[j],-5,5); V[j]=V[j]*0.999+d*d*0.001; M[j]=M[j]*0.9+d*0.1; P[j]-=(lr*M[j]/(np.sqrt(V[j])+1e-8)).astype(np.float32)
print('dense-trained model, test', (fwd(Xt,W,B)[-1].argmax(1)==Yt).mean())
names=['dW0','dW1','dW2','db0','db1','db2']
sums={v:[np.zeros_like(p,dtype=np.float64) for p in P] for v in ('dense','topk','unified')}
bn={v:np.zeros(6) for v in sums}
for s in range(200):
    b=perm[s*100:s*100+100]; h=fwd(X[b],W,B); L,g=lossgrad(h,Y[b])
    for v,kk in (('dense',500),('topk',k),('unified',k)):
        G,_=backward(h,g.copy(),W,kk,v)
        for j in range(6): sums[v][j]+=G[j]; bn[v][j]+=np.linalg.norm(G[j])/200
print(f'k={k}: norm of the gradient averaged over 200 batches | mean per-batch norm   (hidden layers)')
for j in (0,1,3,4):
    print(names[j], '  '.join(f'{v}: {np.linalg.norm(sums[v][j]/200):.2e} | {bn[v][j]:.2e}' for v in sums))
# direction of the systematic part of the biases
for v in ('dense','topk','unified'):
    print(v,'averaged db0: mean', f'{(sums[v][3]/200).mean():+.2e}', 'fraction negative', f'{((sums[v][3]/200)<0).mean():.2f}',
          ' averaged dW0 · W0 (radial, <0 = grows the weights):', f'{float(((sums[v][0]/200)*W[0]).sum()):+.2e}')
