# Diagnostics of per-example top-k on MNIST 784-500-500-10 (our setting: mean loss gradient, clip 5,
# Glorot std sqrt(2/(in+out)), Adam 1e-3). Every 25 steps: batch loss before/after the step,
# cosine of the truncated vs the true gradient, and whether the step is a descent step for the true gradient.
import numpy as np, sys, struct, argparse
ap=argparse.ArgumentParser()
ap.add_argument('--k',type=int,default=20); ap.add_argument('--steps',type=int,default=550)
ap.add_argument('--opt',default='adam'); ap.add_argument('--lr',type=float,default=1e-3)
ap.add_argument('--seed',type=int,default=1); ap.add_argument('--variant',default='topk')
ap.add_argument('--every',type=int,default=25); ap.add_argument('--eps',type=float,default=1e-8); ap.add_argument('--mom',type=float,default=0.9)
a=ap.parse_args()
def load(img, lab):
    with open(img,'rb') as f: d=f.read()
    n,r,c=struct.unpack('>III',d[4:16]); x=np.frombuffer(d,np.uint8,offset=16).reshape(n,r*c).astype(np.float32)/255.0
    with open(lab,'rb') as f: l=f.read()
    return x, np.frombuffer(l,np.uint8,offset=8).astype(np.int64)
import os; D=os.environ.get('MEPROP_DATA','data')+'/mnist/'
X,Y=load(D+'train-images-idx3-ubyte',D+'train-labels-idx1-ubyte')
Xt,Yt=load(D+'t10k-images-idx3-ubyte',D+'t10k-labels-idx1-ubyte')
X,Y=X[:55000],Y[:55000]
rng=np.random.default_rng(a.seed); sizes=[784,500,500,10]
W=[(rng.standard_normal((o,i))*np.sqrt(2.0/(i+o))).astype(np.float32) for i,o in zip(sizes,sizes[1:])]  # [out x in]
B=[np.zeros(o,np.float32) for o in sizes[1:]]
P=W+B; M=[np.zeros_like(p) for p in P]; V=[np.zeros_like(p) for p in P]; t=0
def fwd(x,W,B):
    h=[x]
    for i in range(3):
        z=h[-1]@W[i].T+B[i]; h.append(np.maximum(z,0) if i<2 else z)
    return h
def lossgrad(h,y):
    z=h[-1]; p=np.exp(z-z.max(1,keepdims=True)); p/=p.sum(1,keepdims=True)
    L=-np.log(np.maximum(p[np.arange(len(y)),y],1e-30)).mean(); g=p; g[np.arange(len(y)),y]-=1; return L,g/len(y)
def topmask(g,k):
    idx=np.argpartition(-np.abs(g),k-1,axis=1)[:,:k]; m=np.zeros(g.shape,bool); np.put_along_axis(m,idx,True,axis=1); return m
def backward(h,g,W,k,variant):
    dW=[None]*3; dB=[None]*3; masks=[None]*2
    dh=g@W[2]; gout=g; 
    # selections first are needed for 'balanced' (next layer's dW uses masked inputs); compute top-down
    dW[2]=None; dB[2]=g.sum(0)
    for i in (1,0):
        gz=dh*(h[i+1]>0); dB[i]=gz.sum(0)
        if k>=500: m=np.ones_like(gz,bool)
        elif variant=='unified':
            s=np.abs(gz).sum(0); m=np.zeros_like(gz,bool); m[:,np.argpartition(-s,k-1)[:k]]=True
        else: m=topmask(gz,k)
        masks[i]=m; gs=np.where(m,gz,0)
        if variant in ('maskbias','balanced'): dB[i]=gs.sum(0)
        if i==1: dW[2]=gout.T@(np.where(m,h[2],0) if variant=='balanced' else h[2])
        dW[i]=gs.T@h[i]
        if i==0 and variant=='balanced': dW[1]=gs_prev.T@np.where(m,h[1],0)
        gs_prev=gs
        if i>0: dh=gs@W[i]
    return dW+dB,masks
def cos(u,v): return float((u*v).sum()/(np.linalg.norm(u)*np.linalg.norm(v)+1e-30))
perm=rng.permutation(55000); sel_count=np.zeros((2,500)); W_init=[w.copy() for w in W]; sel_grad=np.zeros((2,500)); 
for s in range(a.steps):
    b=perm[(s*100)%55000:(s*100)%55000+100]; x,y=X[b],Y[b]
    h=fwd(x,W,B); L,g=lossgrad(h,y)
    G,masks=backward(h,g,W,a.k,a.variant)
    for i in range(2): sel_count[i]+=masks[i].sum(0)
    for i in range(2): sel_grad[i]+=np.abs(G[i]).sum(1)
    if s%a.every==0: Gt,_=backward(h,g,W,500,'dense')
    t+=1; steps=[]
    lr=a.lr*np.sqrt(1-0.999**t)/(1-0.9**t)
    for j in range(6):
        d=np.clip(G[j],-5,5)
        if a.opt=='adam':
            V[j]=V[j]*0.999+d*d*0.001; M[j]=M[j]*0.9+d*0.1; st=(lr*M[j]/(np.sqrt(V[j])+a.eps)).astype(np.float32)
        elif a.opt=='adamfloor':
            V[j]=V[j]*0.999+d*d*0.001; M[j]=M[j]*0.9+d*0.1; st=(lr*M[j]/(np.sqrt(np.maximum(V[j],V[j].mean()))+a.eps)).astype(np.float32)
        elif a.opt=='adamlayer':
            V[j]=V[j]*0.999+float((d*d).mean())*0.001; M[j]=M[j]*0.9+d*0.1; st=(lr*M[j]/(np.sqrt(V[j])+a.eps)).astype(np.float32)
        else: M[j]=M[j]*a.mom+d; st=(a.lr*M[j]).astype(np.float32)
        P[j]-=st; steps.append(st)
    if s%a.every==0:
        L2,_=lossgrad(fwd(x,W,B),y)
        desc=sum(float((Gt[j]*steps[j]).sum()) for j in range(6))  # >0: the step goes downhill for the true gradient
        descn=desc/(np.sqrt(sum((Gt[j]**2).sum() for j in range(6)))*np.sqrt(sum((st**2).sum() for st in steps)))
        # among steps: fraction of W2 rows with a large step but no gradient this batch
        print(f'step {s:4d} loss {L:.3f} -> {L2:.3f}  cos(dW_tr,dW) L0 {cos(G[0],Gt[0]):+.2f} L1 {cos(G[1],Gt[1]):+.2f}  '
              f'cos(step,-grad) {descn:+.3f}  |W0| {np.linalg.norm(W[0]):.1f} |W1| {np.linalg.norm(W[1]):.1f} '
              f'|b0| {np.linalg.norm(B[0]):.2f} |b1| {np.linalg.norm(B[1]):.2f} h1>0 {(h[1]>0).mean():.2f} h2>0 {(h[2]>0).mean():.2f} '
              f'z2max {h[2].max():.0f}',flush=True)
acc=(fwd(Xt,W,B)[-1].argmax(1)==Yt).mean()
print(f'test {acc:.4f}')
for i in range(2):
    c=np.sort(sel_count[i])[::-1]/ (a.steps*100)
    print(f'layer {i}: selection rate per neuron: top5 {np.round(c[:5],3)} median {np.median(c):.4f} never {int((c==0).sum())}')

ht=fwd(Xt[:2000],W,B)
for i in range(2):
    rate=sel_count[i]/(a.steps*100); disp=np.linalg.norm(W[i]-W_init[i],axis=1); zmax=ht[i+1].max(0); q=np.quantile(rate,[0.25,0.5,0.75])
    groups=[('rate<=q25',rate<=q[0]),('q25..q75',(rate>q[0])&(rate<=q[2])),('rate>q75',rate>q[2])]
    for name,gm in groups:
        print(f'layer {i} rows {name:10s} n={gm.sum():3d} mean rate {rate[gm].mean():.4f}  summed |dW row| over run {sel_grad[i][gm].mean():.3e}  '
              f'|W row - init| {disp[gm].mean():.3f}  displacement per unit gradient {disp[gm].mean()/max(sel_grad[i][gm].mean(),1e-30):.1f}  max z (test) {zmax[gm].mean():.1f}')
