# Faithful numpy transcription of lancopku/meProp C# nnmnist MLPTop (float32).
import numpy as np, sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mnist_idx import mnist
X,Y,Xt,Yt=mnist()
Xdev,Ydev=X[:5000],Y[:5000]; X,Y=X[5000:],Y[5000:]
k=int(sys.argv[1]); epochs=int(sys.argv[2]); seed=int(sys.argv[3]) if len(sys.argv)>3 else 1
sel_mode=sys.argv[4] if len(sys.argv)>4 else 'after'   # select on g after relu' (C#) or before
rng=np.random.default_rng(seed)
sizes=[784,500,500,10]
W=[(rng.standard_normal((a,b))*np.sqrt(6.0/(a+b))).astype(np.float32) for a,b in zip(sizes,sizes[1:])]  # [in x out] like C#
B=[np.zeros((1,b),np.float32) for b in sizes[1:]]
P=W+B; M=[np.zeros_like(p) for p in P]; V=[np.zeros_like(p) for p in P]; t=0
def fwd(x):
    h=[x]; pre=[]
    for i in range(3):
        z=h[-1]@W[i]+B[i]; pre.append(z)
        h.append(np.maximum(z,0) if i<2 else z)
    return h,pre
def acc(x,y):
    return (fwd(x)[0][-1].argmax(1)==y).mean()
def topmask(g,k):
    idx=np.argpartition(-np.abs(g),k-1,axis=1)[:,:k]
    m=np.zeros_like(g,dtype=bool); np.put_along_axis(m,idx,True,axis=1); return m
for ep in range(epochs):
    perm=rng.permutation(len(X)); losses=[]
    for s in range(0,len(X),100):
        b=perm[s:s+100]; x,y=X[b],Y[b]
        h,pre=fwd(x)
        z=h[-1]; p=np.exp(z-z.max(1,keepdims=True)); p/=p.sum(1,keepdims=True)
        losses.append(-np.log(p[np.arange(len(y)),y]).mean())
        g=p.copy(); g[np.arange(len(y)),y]-=1   # summed (no /rows) like C#
        dW=[None]*3; dB=[None]*3
        # output layer dense
        dW[2]=h[2].T@g; dB[2]=g.sum(0,keepdims=True); dh=g@W[2].T
        for i in (1,0):
            gz=dh*(pre[i]>0)
            dB[i]=gz.sum(0,keepdims=True)
            m=topmask(gz if sel_mode=='after' else dh,k) if k<500 else np.ones_like(gz,bool)
            gs=np.where(m,gz,0).astype(np.float32)
            dW[i]=h[i].T@gs
            if i>0: dh=gs@W[i].T
        G=dW+dB; t+=1
        lr=1e-3*np.sqrt(1-0.999**t)/(1-0.9**t)
        for j in range(6):
            d=np.clip(G[j],-5,5)
            V[j]=V[j]*0.999+d*d*0.001; M[j]=M[j]*0.9+d*0.1
            P[j]-= (lr*M[j]/(np.sqrt(V[j])+1e-8)).astype(np.float32)
        if (s//100)%69==68:
            print(f' ep{ep} step{s//100} loss {np.mean(losses[-69:]):.4f} dev {acc(Xdev,Ydev):.4f} z1max {pre[0].max():.1f} z2max {pre[1].max():.1f}',flush=True)
    print(f'epoch {ep+1} loss {np.mean(losses):.4f} dev {acc(Xdev,Ydev):.4f} test {acc(Xt,Yt):.4f}',flush=True)
